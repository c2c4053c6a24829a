// @ts-check
// The relay's added latency per call: the same signed GET, direct to the upstream and through the
// relay, side by side, with the relay deployed in Node (examples/relay/node.js, a process of its
// own) and in workerd (examples/relay/worker.js in miniflare). All on loopback: what is measured
// is the relay's own work and its extra hop, not the Internet.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { rollup } from 'rollup'
import { sideBySide, slowerAtMost } from './cases.mjs'

const example = (/** @type {string} */ file) =>
  fileURLToPath(new URL(`../examples/relay/${file}`, import.meta.url))

/** @param {string} upstream @returns {Promise<{ url: string, stop: () => Promise<void> }>} */
async function nodeRelay(upstream) {
  const child = spawn(process.execPath, [example('node.js')], {
    env: { ...process.env, KALSHI_UPSTREAM: upstream, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [line] = await once(
    createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }),
    'line',
  )
  const url = /** @type {string} */ (/Relay on (http:\/\/[^/\s]+)/.exec(line)?.[1])
  return { url, stop: async () => void child.kill() }
}

/** @param {string} upstream @returns {Promise<{ url: string, stop: () => Promise<void> }>} */
async function workerdRelay(upstream) {
  const relayJs = fileURLToPath(new URL('../dist/relay.js', import.meta.url))
  const bundle = await rollup({
    input: example('worker.js'),
    plugins: [
      {
        name: 'the-package',
        resolveId: (id) => (id === 'kalshi-webcrypto/relay' ? relayJs : null),
      },
    ],
  })
  const { output } = await bundle.generate({ format: 'es' })
  await bundle.close()
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', path: example('worker.js'), contents: output[0].code }],
    modulesRoot: example(''),
    compatibilityDate: '2026-07-01',
    bindings: { KALSHI_UPSTREAM: upstream },
    host: '127.0.0.1',
    port: 0,
  })
  const ready = await mf.ready
  return { url: ready.origin, stop: () => mf.dispose() }
}

/**
 * @param {{ sdk: typeof import('../src/index.js'), apiUrl: string, keyId: string, pem: string, quick?: boolean }} setup
 * @returns {Promise<import('./cases.mjs').Result[]>}
 */
export async function relayCases({ sdk, apiUrl, keyId, pem, quick = false }) {
  const privateKey = await sdk.importPrivateKey(pem)
  const direct = sdk.createClient({ baseUrl: apiUrl, credentials: { keyId, privateKey } })
  const results = []
  for (const [name, start] of /** @type {const} */ ([
    ['Node', nodeRelay],
    ['workerd', workerdRelay],
  ])) {
    const relay = await start(apiUrl)
    try {
      const through = sdk.createClient({
        baseUrl: `${relay.url}/trade-api/v2`,
        credentials: { keyId, privateKey },
      })
      const times = await sideBySide({
        rounds: quick ? 6 : 20,
        batch: 10,
        ours: () => through.getApiKeys(),
        base: () => direct.getApiKeys(),
      })
      // Loose: the relay is one more HTTP hop on loopback; a regression (a buffered body, a
      // slow check) would show as a multiple.
      const result = slowerAtMost(
        `signed GET through the ${name} relay`,
        'per call',
        'direct',
        times,
        3,
      )
      result.name += ` (+${(times.ours - times.base).toFixed(2)} ms)`
      results.push(result)
    } finally {
      await relay.stop()
    }
  }
  return results
}
