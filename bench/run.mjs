#!/usr/bin/env node
// @ts-check
// `npm run bench [-- --check] [-- --quick] [-- --only=node,firefox]`: how fast and how small, as
// ratios measured side by side in one run, in Node, Chromium, Firefox, WebKit, Deno, Bun and
// workerd (those found on this machine), then the engines against each other. With --check it
// exits non-zero when a goal is missed. See BENCHMARKS.md for the method and the latest figures.
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { cpus } from 'node:os'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { Miniflare } from 'miniflare'
import { chromium, firefox } from 'playwright'
import { chromiumLaunchOptions } from '../test/support/chromium.mjs'
import { engines, paths } from '../test/support/engines.mjs'
import { firefoxLaunchOptions } from '../test/support/firefox.mjs'
import { forWebKitDriver, startWebKitDriver, webkitCapabilities } from '../test/support/webkit.mjs'
import { measureBundlers } from './bundlers.mjs'
import { fasterAtLeast, runCommonCases, sideBySide } from './cases.mjs'
import { rateLimitCases } from './rate-limit.mjs'
import { relayCases } from './relay.mjs'

const check = process.argv.includes('--check')
const quick = process.argv.includes('--quick')
const only = process.argv
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',')
/** @param {string} name */
const wanted = (name) => !only || only.includes(name)
const root = new URL('..', import.meta.url)
const file = (/** @type {string} */ path) => new URL(path, root)

// The page every browser loads: the CDN bundle and the common cases, from 127.0.0.1.
const benchPage = /* html */ `<!doctype html><script type="module">
  import * as sdk from '/dist/kalshi-webcrypto.esm.min.js'
  import { runCommonCases } from '/bench/cases.mjs'
  window.bench = (setup) => runCommonCases({ sdk, ...setup })
  document.title = 'ready'
</script>`

if (
  !existsSync(file('dist/index.js')) ||
  !existsSync(file('dist/kalshi-webcrypto.min.js')) ||
  !existsSync(file('dist/relay.js')) ||
  !existsSync(file('dist/testing-cli.js'))
) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
}

// The fake server runs in a process of its own, so that its signature checks do not share the
// measured client's event loop.
const server = spawn(
  process.execPath,
  [fileURLToPath(file('dist/testing-cli.js')), '--port', '0', '--json'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
)
const [line] = await once(
  createInterface({ input: /** @type {import('node:stream').Readable} */ (server.stdout) }),
  'line',
)
/** @type {{ apiUrl: string, controlUrl: string, keyId: string, privateKeyPkcs1Pem: string }} */
const account = JSON.parse(line)
const setup = {
  apiUrl: account.apiUrl,
  keyId: account.keyId,
  pem: account.privateKeyPkcs1Pem,
  quick,
}
/** @type {{ runtime: string, results: import('./cases.mjs').Result[] }[]} */
const report = []
/** @type {string[]} engines whose run failed */
const failures = []

try {
  // The package by its own name: Node resolves it to the built dist/index.js.
  if (wanted('node')) {
    const sdk = await import('kalshi-webcrypto')
    const node = await runCommonCases({ sdk, ...setup })
    node.push(...(await officialSdkCases(sdk)), await heapCase(sdk))
    report.push({ runtime: `Node ${process.version}`, results: node })
  }
  if (wanted('relay')) {
    report.push({
      runtime: 'Relay: added latency per call',
      results: await relayCases({ sdk: await import('kalshi-webcrypto'), ...setup }),
    })
  }
  if (wanted('ratelimit')) {
    report.push({
      runtime: 'Rate limits: a burst of 500 GETs, the fake server metering Premier',
      results: await rateLimitCases({
        sdk: await import('kalshi-webcrypto'),
        apiUrl: account.apiUrl,
        controlUrl: account.controlUrl,
        quick,
      }),
    })
  }
  // The other engines, one after another on the same machine and the same server.
  /** @type {[string, () => Promise<{ runtime: string, results: import('./cases.mjs').Result[] }>][]} */
  const others = [
    ['chromium', () => inBrowser('Chromium', chromium, chromiumLaunchOptions)],
    ['firefox', () => inBrowser('Firefox', firefox, firefoxLaunchOptions)],
    ['webkit', inWebKit],
    ['deno', () => inProcess(paths.deno, ['run', '--allow-net=127.0.0.1', '--allow-read'])],
    ['bun', () => inProcess(paths.bun, [])],
    ['workerd', inWorkerd],
  ]
  for (const [name, run] of others) {
    if (!wanted(name)) continue
    if (!engines[/** @type {keyof typeof engines} */ (name)].available) {
      console.warn(
        `${name}: not on this machine, skipped (${engines[/** @type {keyof typeof engines} */ (name)].install})`,
      )
      continue
    }
    console.warn(`measuring in ${name}…`)
    try {
      report.push(await run())
    } catch (error) {
      // One engine's failure leaves the others' figures standing; --check still fails.
      console.warn(`${name} failed: ${/** @type {Error} */ (error).message}`)
      failures.push(name)
    }
  }
  report.push({ runtime: 'Sizes', results: await bundleCases() })
} finally {
  server.kill()
}

print()
if (failures.length) console.log(`\nNot measured (the run failed): ${failures.join(', ')}`)
if (check && (failures.length || report.some(({ results }) => results.some((r) => !r.pass))))
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

/**
 * Sizes, gzip: the CDN files, and what a bundler user gets (bench/bundlers.mjs).
 * @returns {Promise<import('./cases.mjs').Result[]>}
 */
async function bundleCases() {
  /** @param {string} name @param {number} bytes @param {string} baseName @param {number} goal */
  const size = (name, bytes, baseName, goal) => ({
    name,
    unit: 'KB',
    baseName,
    ours: bytes / 1024,
    base: goal,
    ratio: bytes / 1024,
    goal,
    higherIsBetter: false,
    pass: bytes / 1024 <= goal,
  })
  const gzip = (/** @type {string} */ name) =>
    gzipSync(readFileSync(file(`dist/${name}`)), { level: 9 }).length
  const rows = [
    size(
      'IIFE bundle, gzip',
      gzip('kalshi-webcrypto.min.js'),
      'ky and valibot whole; official SDK ~91 KB',
      16,
    ),
    size(
      'keys-only IIFE bundle, gzip',
      gzip('kalshi-webcrypto-keys.min.js'),
      'no ky, no valibot',
      5,
    ),
  ]
  for (const row of await measureBundlers()) {
    const signing = row.what === 'signRequest + importPrivateKey'
    rows.push(
      size(
        `${row.bundler}: ${row.what}${row.entry.endsWith('/keys') ? ' (/keys)' : ''}`,
        row.gzip,
        `import { … } from '${row.entry}'`,
        signing ? 4 : row.entry.endsWith('/keys') ? 5.5 : 17,
      ),
    )
  }
  return rows
}

/** @param {(url: string) => Promise<T>} body @returns {Promise<T>} @template T */
async function withPageServer(body) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bench').pathname
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(benchPage)
    if (!/^\/(dist|bench)\/[\w.-]+\.m?js$/.test(path)) return void res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file(path.slice(1))))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  try {
    const address = /** @type {import('node:net').AddressInfo} */ (server.address())
    return await body(`http://127.0.0.1:${address.port}/`)
  } finally {
    server.close()
  }
}

/**
 * Runs the common cases in a real page (Chromium, Firefox) that loads the CDN bundle.
 * @param {string} runtime @param {import('playwright').BrowserType} type
 * @param {import('playwright').LaunchOptions} options
 */
async function inBrowser(runtime, type, options) {
  return withPageServer(async (url) => {
    const browser = await type.launch(options)
    try {
      const tab = await browser.newPage()
      await tab.goto(url)
      await tab.waitForFunction(() => document.title === 'ready')
      const results = await tab.evaluate(
        (options) => /** @type {any} */ (window).bench(options),
        setup,
      )
      return { runtime: `${runtime} ${browser.version()}`, results }
    } finally {
      await browser.close()
    }
  })
}

/** The same page in WebKitGTK's MiniBrowser, through WebKitWebDriver on Xvfb. */
async function inWebKit() {
  const { remote } = await import('webdriverio')
  const driver = await startWebKitDriver()
  try {
    return await withPageServer(async (url) => {
      const browser = await remote({
        hostname: '127.0.0.1',
        port: driver.port,
        logLevel: 'silent',
        capabilities: /** @type {any} */ (webkitCapabilities),
        transformRequest: forWebKitDriver,
      })
      try {
        await browser.setTimeout({ script: 30 * 60_000 })
        await browser.url(url)
        await browser.waitUntil(async () => (await browser.getTitle()) === 'ready')
        const results = await browser.executeAsync(
          (options, done) => /** @type {any} */ (window).bench(options).then(done),
          setup,
        )
        const version = /** @type {any} */ (browser.capabilities).browserVersion ?? ''
        return { runtime: `WebKitGTK ${version}`.trim(), results }
      } finally {
        await browser.deleteSession()
      }
    })
  } finally {
    await driver.close()
  }
}

/**
 * Deno or Bun: bench/runtime.mjs in a process of its own, on the built package.
 * @param {string | undefined} program @param {string[]} args
 */
async function inProcess(program, args) {
  if (!program) throw new Error('no such runtime here')
  const child = spawn(
    program,
    [...args, fileURLToPath(file('bench/runtime.mjs')), JSON.stringify(setup)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let out = ''
  child.stdout?.on('data', (chunk) => {
    out += chunk
  })
  const [code] = await once(child, 'exit')
  const line = out.split('\n').find((text) => text.startsWith('{'))
  if (code !== 0 || !line) throw new Error(`${program} exited ${code}: ${out.slice(-1000)}`)
  return JSON.parse(line)
}

/** workerd, through miniflare: a Worker that loads the CDN bundle and runs the common cases. */
async function inWorkerd() {
  const mf = new Miniflare({
    modules: [
      { type: 'ESModule', path: fileURLToPath(file('bench/worker.mjs')) },
      { type: 'ESModule', path: fileURLToPath(file('bench/cases.mjs')) },
      {
        type: 'ESModule',
        path: fileURLToPath(file('bench/sdk.js')),
        contents: readFileSync(file('dist/kalshi-webcrypto.esm.min.js'), 'utf8'),
      },
    ],
    modulesRoot: fileURLToPath(root),
    compatibilityDate: '2026-07-01',
  })
  try {
    const response = await mf.dispatchFetch('http://bench/', {
      method: 'POST',
      body: JSON.stringify(setup),
    })
    if (!response.ok) throw new Error(`workerd: HTTP ${response.status} ${await response.text()}`)
    return /** @type {any} */ (await response.json())
  } finally {
    await mf.dispose()
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
      // Rate limits (bench/rate-limit.mjs): counts and µs, each with its own line.
      if (r.unit === 'count' || r.unit === 'µs' || r.unit === 's') {
        const value =
          r.unit === 'count'
            ? String(r.ours)
            : r.unit === 's'
              ? `${(r.ours / 1000).toFixed(2)} s`
              : `${fmt(r.ours)} µs`
        const goal = Number.isFinite(r.goal) ? `≤ ${r.goal}` : '(shown)'
        console.log(
          `  ${r.pass ? 'ok  ' : 'MISS'} ${r.name.padEnd(40)} ${value.padStart(9)}  goal ${goal.padEnd(9)} ${r.baseName}`,
        )
        continue
      }
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
  // The engines against each other: the raw WebCrypto cost of each figure, relative to the first
  // engine measured (Node, unless --only left it out), and ours / raw within each engine.
  const figures = ['signRequest', 'signRequest (Ed25519)', 'generateKeyPair + exportPublicKeyPem']
  const measured = report.filter(({ results }) => results.some((r) => figures.includes(r.name)))
  const first = measured[0]
  if (!first) return
  console.log(`\nEngines side by side (raw WebCrypto cost relative to ${first.runtime})`)
  for (const figure of figures) {
    const reference = first.results.find((r) => r.name === figure)
    if (!reference) continue
    console.log(`  ${figure}`)
    for (const { runtime, results } of measured) {
      const r = results.find((entry) => entry.name === figure)
      if (!r) continue
      console.log(
        `    ${runtime.padEnd(28)} ours ${fmt(r.ours).padStart(7)} ms  raw ${fmt(r.base).padStart(7)} ms  ours/raw ${r.ratio.toFixed(2)}×  raw vs ${first.runtime.split(' ')[0]} ${(r.base / reference.base).toFixed(2)}×`,
      )
    }
  }
}
