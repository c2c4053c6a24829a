#!/usr/bin/env node
// @ts-check
// `node bench/ed25519-floor.mjs` (after `npm run build`): where Ed25519 `signRequest` stands against
// the least a signer that returns headers must do, in Node. Each variant is timed in alternating
// rounds of one run, and the median ratio to the raw `subtle.sign` is printed (BENCHMARKS.md,
// "Where a goal is missed").
// The package by its own name: Node resolves it to the built dist/index.js.
const sdk = await import('kalshi-webcrypto')

const { privateKey } = await sdk.generateKeyPair({ keyType: 'ed25519' })
const path = '/trade-api/v2/portfolio/balance'
const encoder = new TextEncoder()
const credentials = { keyId: 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c', privateKey }
const raw = () =>
  crypto.subtle.sign('Ed25519', privateKey, encoder.encode(`1703123456789GET${path}`))
/** @type {Record<string, () => Promise<unknown>>} */
const variants = {
  'subtle.sign (the baseline)': raw,
  'subtle.sign, then one hop': () => raw().then((signature) => signature),
  'hop, base64, three headers': () =>
    raw().then((signature) => ({
      'KALSHI-ACCESS-KEY': credentials.keyId,
      'KALSHI-ACCESS-TIMESTAMP': String(1703123456789),
      'KALSHI-ACCESS-SIGNATURE': Buffer.from(signature).toString('base64'),
    })),
  signRequest: () =>
    sdk.signRequest(credentials, { method: 'GET', path, timestamp: 1703123456789 }),
}
const batch = 300
const rounds = 30
/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN
const names = Object.keys(variants)
/** @type {Record<string, number[]>} */
const times = Object.fromEntries(names.map((name) => [name, []]))
for (const run of Object.values(variants)) for (let i = 0; i < batch; i++) await run()
for (let round = 0; round < rounds; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    const run = /** @type {() => Promise<unknown>} */ (variants[name])
    const start = performance.now()
    for (let i = 0; i < batch; i++) await run()
    times[name]?.push(((performance.now() - start) / batch) * 1000)
  }
}
const base = times[/** @type {string} */ (names[0])] ?? []
for (const name of names) {
  const own = times[name] ?? []
  const ratio = median(own.map((value, i) => value / (base[i] ?? value)))
  console.log(`${name.padEnd(28)} ${median(own).toFixed(1).padStart(6)} µs  ${ratio.toFixed(3)}×`)
}
