#!/usr/bin/env node
// @ts-check
// `npm run bench [-- --check] [-- --quick]`: how fast and how small, as ratios measured side by
// side in one run, in Node and in Chromium. With --check it exits non-zero when a goal is missed.
// See BENCHMARKS.md for the method and the latest figures.
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { cpus } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright'
import { chromiumLaunchOptions } from '../test/support/chromium.mjs'
import { fasterAtLeast, runCommonCases, sideBySide } from './cases.mjs'
import { relayCases } from './relay.mjs'

const check = process.argv.includes('--check')
const quick = process.argv.includes('--quick')
const root = new URL('..', import.meta.url)
const file = (/** @type {string} */ path) => new URL(path, root)

if (
  !existsSync(file('dist/index.js')) ||
  !existsSync(file('dist/kalshi-webcrypto.min.js')) ||
  !existsSync(file('dist/relay.js'))
) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
}

// The fake server runs in a process of its own, so that its signature checks do not share the
// measured client's event loop.
const server = spawn(
  process.execPath,
  [fileURLToPath(file('test/fake-kalshi/cli.js')), '--port', '0', '--json'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
)
const [line] = await once(
  createInterface({ input: /** @type {import('node:stream').Readable} */ (server.stdout) }),
  'line',
)
/** @type {{ apiUrl: string, keyId: string, privateKeyPkcs1Pem: string }} */
const account = JSON.parse(line)
const setup = {
  apiUrl: account.apiUrl,
  keyId: account.keyId,
  pem: account.privateKeyPkcs1Pem,
  quick,
}
/** @type {{ runtime: string, results: import('./cases.mjs').Result[] }[]} */
const report = []

try {
  // The package by its own name: Node resolves it to the built dist/index.js.
  const sdk = await import('kalshi-webcrypto')
  const node = await runCommonCases({ sdk, ...setup })
  node.push(...(await officialSdkCases(sdk)), await heapCase(sdk))
  report.push({ runtime: `Node ${process.version}`, results: node })
  report.push({ runtime: 'Chromium', results: await inChromium() })
  report.push({
    runtime: 'Relay: added latency per call',
    results: await relayCases({ sdk, ...setup }),
  })
  report.push({ runtime: 'Bundle', results: [bundleCase()] })
} finally {
  server.kill()
}

print()
if (check && report.some(({ results }) => results.some((result) => !result.pass)))
  process.exitCode = 1

/**
 * The official kalshi-typescript signer (Node only: it uses node:crypto and re-parses the PEM
 * on every call) against ours, one call at a time and 16 in flight.
 * @param {typeof import('../src/index.js')} sdk
 */
async function officialSdkCases(sdk) {
  const { KalshiAuth } = createRequire(import.meta.url)('kalshi-typescript/dist/auth.js')
  const official = new KalshiAuth(account.keyId, account.privateKeyPkcs1Pem)
  const credentials = {
    keyId: account.keyId,
    privateKey: await sdk.importPrivateKey(account.privateKeyPkcs1Pem),
  }
  const path = '/trade-api/v2/api_keys'
  const ours = () => sdk.signRequest(credentials, { method: 'GET', path })
  const theirs = async () => official.generateAuthHeaders('GET', path)
  const rounds = quick ? 6 : 40
  const one = await sideBySide({ rounds, batch: 30, ours, base: theirs })
  const sixteen = await sideBySide({
    rounds,
    batch: 4,
    ours: () => Promise.all(Array.from({ length: 16 }, ours)),
    base: () => Promise.all(Array.from({ length: 16 }, theirs)),
  })
  const baseName = 'kalshi-typescript KalshiAuth'
  return [
    fasterAtLeast('official signer, one at a time', 'per call', baseName, one, 2.5),
    fasterAtLeast('official signer, 16 in flight', 'per 16 calls', baseName, sixteen, 4.5),
  ]
}

/**
 * Heap growth over 10,000 whole client calls (validation, ky, signing, parsing), answered by a
 * stub fetch so that only the SDK's own memory is measured. Needs node --expose-gc.
 * @param {typeof import('../src/index.js')} sdk
 * @returns {Promise<import('./cases.mjs').Result>}
 */
async function heapCase(sdk) {
  const gc = /** @type {(() => void) | undefined} */ (globalThis.gc)
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)')
  const body = JSON.stringify({ api_keys: [{ api_key_id: 'k', name: 'n', scopes: ['read'] }] })
  const client = sdk.createClient({
    baseUrl: 'http://127.0.0.1:9/trade-api/v2',
    credentials: { keyId: 'k', privateKey: await sdk.importPrivateKey(account.privateKeyPkcs1Pem) },
    fetch: async () =>
      new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
  })
  for (let i = 0; i < 500; i++) await client.getApiKeys() // warm up
  gc()
  const before = process.memoryUsage().heapUsed
  for (let i = 0; i < 10_000; i++) await client.getApiKeys()
  gc()
  const growth = (process.memoryUsage().heapUsed - before) / 1024 / 1024
  return {
    name: 'heap growth, 10,000 signed calls',
    unit: 'MB',
    baseName: 'heap before',
    ours: growth,
    base: before / 1024 / 1024,
    ratio: growth,
    goal: 5,
    higherIsBetter: false,
    pass: growth < 5,
  }
}

/** @returns {import('./cases.mjs').Result} */
function bundleCase() {
  const gzip =
    gzipSync(readFileSync(file('dist/kalshi-webcrypto.min.js')), { level: 9 }).length / 1024
  return {
    name: 'IIFE bundle, gzip',
    unit: 'KB',
    baseName: 'budget 13 KB; official SDK ~91 KB (Node only)',
    ours: gzip,
    base: 13,
    ratio: gzip,
    goal: 10,
    higherIsBetter: false,
    pass: gzip <= 10,
  }
}

/** Runs the common cases in a real Chromium page that loads the CDN bundle. */
async function inChromium() {
  const page = /* html */ `<!doctype html><script type="module">
    import * as sdk from '/dist/kalshi-webcrypto.esm.min.js'
    import { runCommonCases } from '/bench/cases.mjs'
    window.bench = (setup) => runCommonCases({ sdk, ...setup })
    document.title = 'ready'
  </script>`
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bench').pathname
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page)
    if (!/^\/(dist|bench)\/[\w.-]+\.m?js$/.test(path)) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file(path.slice(1))))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    const tab = await browser.newPage()
    const address = /** @type {import('node:net').AddressInfo} */ (server.address())
    await tab.goto(`http://127.0.0.1:${address.port}/`)
    await tab.waitForFunction(() => document.title === 'ready')
    return await tab.evaluate((options) => /** @type {any} */ (window).bench(options), setup)
  } finally {
    await browser.close()
    server.close()
  }
}

function print() {
  const fmt = (/** @type {number} */ n) =>
    n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3)
  console.log(
    `kalshi-webcrypto benchmarks: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}${quick ? ' (quick)' : ''}`,
  )
  for (const { runtime, results } of report) {
    console.log(`\n${runtime}`)
    for (const r of results) {
      const ratio =
        r.unit === 'MB' || r.unit === 'KB' ? `${fmt(r.ratio)} ${r.unit}` : `${r.ratio.toFixed(2)}×`
      const goal = `${r.higherIsBetter ? '≥' : r.unit === 'MB' ? '<' : '≤'} ${r.goal}${r.unit === 'MB' || r.unit === 'KB' ? ` ${r.unit}` : '×'}`
      const times =
        r.unit === 'MB' || r.unit === 'KB'
          ? `(${r.baseName})`
          : `ours ${fmt(r.ours)} ms, ${r.baseName} ${fmt(r.base)} ms ${r.unit}`
      console.log(
        `  ${r.pass ? 'ok  ' : 'MISS'} ${r.name.padEnd(40)} ${ratio.padStart(9)}  goal ${goal.padEnd(9)} ${times}`,
      )
    }
  }
}
