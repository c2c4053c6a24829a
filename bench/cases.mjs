// @ts-check
// The benchmarks that run in every runtime (Node and Chromium): each compares the SDK with the
// floor, the same work done with raw WebCrypto and fetch, measured side by side in one run.
// Rounds alternate which side goes first; each round's two samples are taken back to back, and
// the figure is the median of the per-round ratios, so the machine's drift (large on a shared
// 2-core VM) cancels out within each pair.

/**
 * @typedef {object} Result
 * @property {string} name
 * @property {string} unit What one sample measures.
 * @property {number} ours Median ms per operation, ours.
 * @property {number} base Median ms per operation, the baseline.
 * @property {string} baseName
 * @property {number} ratio How many times the other side's cost (see `higherIsBetter`).
 * @property {number} goal
 * @property {boolean} higherIsBetter When the ratio is "them / us", higher is better.
 * @property {boolean} pass
 */

/** @param {number[]} values */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2
    ? /** @type {number} */ (sorted[middle])
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/**
 * Times `ours` and `base` in alternating rounds; each sample runs `batch` operations.
 * @param {{ rounds: number, batch: number, ours: () => Promise<unknown>, base: () => Promise<unknown> }} plan
 * @returns {Promise<{ ours: number, base: number, ratio: number }>} median ms per operation, and
 *   the median of the per-round ratios ours / base
 */
export async function sideBySide({ rounds, batch, ours, base }) {
  /** @type {number[]} */ const a = []
  /** @type {number[]} */ const b = []
  const sample = async (/** @type {() => Promise<unknown>} */ run) => {
    const start = performance.now()
    for (let i = 0; i < batch; i++) await run()
    return (performance.now() - start) / batch
  }
  await sample(ours) // warm both paths up once
  await sample(base)
  for (let round = 0; round < rounds; round++) {
    if (round % 2) {
      a.push(await sample(ours))
      b.push(await sample(base))
    } else {
      b.push(await sample(base))
      a.push(await sample(ours))
    }
  }
  return {
    ours: median(a),
    base: median(b),
    ratio: median(a.map((value, i) => value / (b[i] ?? value))),
  }
}

/**
 * @param {string} name
 * @param {string} unit
 * @param {string} baseName
 * @param {{ ours: number, base: number, ratio?: number }} times
 * @param {number} goal the highest acceptable ours/base ratio
 * @returns {Result}
 */
export function slowerAtMost(name, unit, baseName, times, goal) {
  const ratio = times.ratio ?? times.ours / times.base
  return { name, unit, baseName, ...times, ratio, goal, higherIsBetter: false, pass: ratio <= goal }
}

/**
 * A case where ours should be at least `goal` times faster than the other side (ratio base / ours).
 * @param {string} name
 * @param {string} unit
 * @param {string} baseName
 * @param {{ ours: number, base: number, ratio: number }} times
 * @param {number} goal
 * @returns {Result}
 */
export function fasterAtLeast(name, unit, baseName, times, goal) {
  const ratio = 1 / times.ratio
  return { name, unit, baseName, ...times, ratio, goal, higherIsBetter: true, pass: ratio >= goal }
}

/**
 * The cases every runtime runs.
 * @param {{ sdk: typeof import('../src/index.js'), apiUrl: string, keyId: string, pem: string, quick?: boolean }} setup
 * @returns {Promise<Result[]>}
 */
export async function runCommonCases({ sdk, apiUrl, keyId, pem, quick = false }) {
  const scale = quick ? 0.25 : 1
  const rounds = (/** @type {number} */ n) => Math.max(4, Math.round(n * scale))
  const encoder = new TextEncoder()
  const privateKey = await sdk.importPrivateKey(pem)
  const credentials = { keyId, privateKey }
  const path = '/trade-api/v2/api_keys'
  /** @type {Result[]} */
  const results = []

  // 1. One signature: signRequest against crypto.subtle.sign on the same key and message.
  results.push(
    slowerAtMost(
      'signRequest',
      'per call',
      'crypto.subtle.sign',
      await sideBySide({
        rounds: rounds(60),
        batch: 40,
        ours: () => sdk.signRequest(credentials, { method: 'GET', path, timestamp: 1703123456789 }),
        base: () =>
          crypto.subtle.sign(
            { name: 'RSA-PSS', saltLength: 32 },
            privateKey,
            encoder.encode(`1703123456789GET${path}`),
          ),
      }),
      1.05,
    ),
  )

  // 2. A whole call to the fake server: the client against fetch + sign + JSON.parse by hand.
  const client = sdk.createClient({ baseUrl: apiUrl, credentials })
  const byHand = async () => {
    const timestamp = String(Date.now())
    const signature = new Uint8Array(
      await crypto.subtle.sign(
        { name: 'RSA-PSS', saltLength: 32 },
        privateKey,
        encoder.encode(`${timestamp}GET${path}`),
      ),
    )
    const response = await fetch(`${apiUrl}/api_keys`, {
      headers: {
        'KALSHI-ACCESS-KEY': keyId,
        'KALSHI-ACCESS-TIMESTAMP': timestamp,
        'KALSHI-ACCESS-SIGNATURE': btoa(String.fromCharCode(...signature)),
      },
    })
    if (!response.ok) throw new Error(`by hand: HTTP ${response.status}`)
    return JSON.parse(await response.text())
  }
  results.push(
    slowerAtMost(
      'client.getApiKeys() round trip',
      'per call',
      'fetch + sign + JSON.parse',
      await sideBySide({
        rounds: rounds(40),
        batch: 15,
        ours: () => client.getApiKeys(),
        base: byHand,
      }),
      1.2,
    ),
  )

  // 3. A key pair for registration: generateKeyPair + exportPublicKeyPem against the raw calls.
  // RSA key generation is the same WebCrypto call on both sides, and its time is heavy-tailed
  // (prime search), so timing whole generations cannot resolve a few percent. Instead: the
  // median generation time K (raw calls), plus each side's own work around it, timed precisely
  // with generateKey answered from a ready pair. Ratio = (K + ours) / (K + raw).
  const params = {
    name: 'RSA-PSS',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  }
  const keygen = await sideBySide({
    rounds: rounds(30),
    batch: 1,
    ours: () => crypto.subtle.generateKey(params, false, ['sign', 'verify']),
    base: () => crypto.subtle.generateKey(params, false, ['sign', 'verify']),
  })
  const generated = await crypto.subtle.generateKey(params, false, ['sign', 'verify'])
  const subtle = /** @type {{ generateKey: unknown }} */ (/** @type {unknown} */ (crypto.subtle))
  const realGenerateKey = crypto.subtle.generateKey
  subtle.generateKey = async () => generated
  let around
  try {
    around = await sideBySide({
      rounds: rounds(30),
      batch: 50,
      ours: async () => sdk.exportPublicKeyPem(await sdk.generateKeyPair()),
      base: async () =>
        crypto.subtle.exportKey(
          'spki',
          (await crypto.subtle.generateKey(params, false, ['sign', 'verify'])).publicKey,
        ),
    })
  } finally {
    subtle.generateKey = realGenerateKey
  }
  const k = (keygen.ours + keygen.base) / 2
  results.push(
    slowerAtMost(
      'generateKeyPair + exportPublicKeyPem',
      'per key',
      `generateKey + exportKey(spki) (around the keygen: ours ${(around.ours * 1000).toFixed(0)} µs, raw ${(around.base * 1000).toFixed(0)} µs)`,
      { ours: k + around.ours, base: k + around.base },
      1.05,
    ),
  )

  // 4. Importing a key as Kalshi hands it out (PKCS#1 PEM) against importing ready PKCS#8 DER.
  const pkcs8 = pemToDer(
    await sdk.exportPrivateKeyPem(await sdk.importPrivateKey(pem, { extractable: true })),
  )
  results.push(
    slowerAtMost(
      'importPrivateKey (PKCS#1 PEM)',
      'per import',
      "importKey('pkcs8') of DER",
      await sideBySide({
        rounds: rounds(60),
        batch: 30,
        ours: () => sdk.importPrivateKey(pem),
        base: () =>
          crypto.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-PSS', hash: 'SHA-256' }, false, [
            'sign',
          ]),
      }),
      1.2,
    ),
  )
  results.push(...(await ed25519Cases({ sdk, apiUrl, credentials, rounds })))
  return results
}

/**
 * Ed25519 beside RSA: its signRequest against the raw call, and how much faster than RSA it makes
 * a key, a signature, and a whole local-key registration against the fake server.
 * @param {{ sdk: typeof import('../src/index.js'), apiUrl: string, credentials: { keyId: string, privateKey: CryptoKey }, rounds: (n: number) => number }} setup
 * @returns {Promise<Result[]>}
 */
async function ed25519Cases({ sdk, apiUrl, credentials, rounds }) {
  const encoder = new TextEncoder()
  const path = '/trade-api/v2/api_keys'
  const edKey = (await sdk.generateKeyPair({ keyType: 'ed25519' })).privateKey
  const ed = { keyId: credentials.keyId, privateKey: edKey }
  const request = { method: 'GET', path, timestamp: 1703123456789 }
  const admin = sdk.createClient({ baseUrl: apiUrl, credentials })
  let n = 0
  return [
    slowerAtMost(
      'signRequest (Ed25519)',
      'per call',
      "crypto.subtle.sign('Ed25519')",
      await sideBySide({
        rounds: rounds(60),
        batch: 80,
        ours: () => sdk.signRequest(ed, request),
        base: () => crypto.subtle.sign('Ed25519', edKey, encoder.encode(`1703123456789GET${path}`)),
      }),
      1.05,
    ),
    fasterAtLeast(
      'signRequest, Ed25519 vs RSA-2048',
      'per call',
      'RSA-2048',
      await sideBySide({
        rounds: rounds(40),
        batch: 40,
        ours: () => sdk.signRequest(ed, request),
        base: () => sdk.signRequest(credentials, request),
      }),
      5,
    ),
    fasterAtLeast(
      'generateKeyPair, Ed25519 vs RSA-2048',
      'per key',
      'RSA-2048',
      await sideBySide({
        rounds: rounds(30),
        batch: 1,
        ours: () => sdk.generateKeyPair({ keyType: 'ed25519' }),
        base: () => sdk.generateKeyPair(),
      }),
      50,
    ),
    // Make, export and register, against the fake server (which also verifies each signature).
    fasterAtLeast(
      'createApiKeyWithDeviceKey, Ed25519 vs RSA',
      'per key',
      'RSA-2048',
      await sideBySide({
        rounds: rounds(16),
        batch: 2,
        ours: () => admin.createApiKeyWithDeviceKey({ name: `bench-${n++}`, keyType: 'ed25519' }),
        base: () => admin.createApiKeyWithDeviceKey({ name: `bench-${n++}` }),
      }),
      3,
    ),
  ]
}

/** @param {string} pem */
function pemToDer(pem) {
  return Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (char) => char.charCodeAt(0))
}
