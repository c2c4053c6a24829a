// @ts-check
// The cross-runtime suite, written once: only web APIs (fetch, crypto.subtle, TextEncoder) and the
// tiny assertions below, so the same file runs in Node, Deno, Bun and workerd. It takes the SDK as
// users load it (the built package or the CDN bundle) and a fake Kalshi server on loopback, which
// verifies every signature with node:crypto, never with the SDK's code.
// test/engines/runtimes.node.test.ts runs it in each runtime and turns each case into a vitest test.

/** @typedef {typeof import('../../src/index.js')} Sdk */
/**
 * @typedef {object} Account An account on the fake server, with a key node:crypto made.
 * @property {string} accountId
 * @property {string} keyId
 * @property {string} privateKeyPem PKCS#8
 * @property {string} privateKeyPkcs1Pem PKCS#1, as Kalshi hands RSA keys out
 */
/** @typedef {{ sdk: Sdk, fakeUrl: string, controlUrl: string }} Context */
/** @typedef {{ name: string, ok: boolean, ms: number, error?: string }} CaseResult */

class AssertionError extends Error {}

/** @param {unknown} condition @param {string} message @returns {asserts condition} */
function ok(condition, message) {
  if (!condition) throw new AssertionError(message)
}

/** @param {unknown} actual @param {unknown} expected @param {string} what */
function equal(actual, expected, what) {
  const a = JSON.stringify(actual)
  const e = JSON.stringify(expected)
  if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`)
}

/**
 * The error a promise rejects with; fails if it resolves.
 * @param {Promise<unknown>} promise @param {string} what
 * @returns {Promise<any>}
 */
async function rejection(promise, what) {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new AssertionError(`${what} should have failed`)
}

/** @param {Context} context @param {string} path @param {unknown} [body] */
async function control({ controlUrl }, path, body) {
  const response = await fetch(`${controlUrl}/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  })
  ok(response.ok, `fake-kalshi control ${path}: ${response.status}`)
  return response.json()
}

/** @param {Context} context @returns {Promise<Account>} */
const newAccount = (context) => control(context, 'accounts', {})

/**
 * What the fake server recorded of the account's requests: how each was authenticated.
 * @param {Context} context @param {Account} account @returns {Promise<string[]>}
 */
async function auths(context, account) {
  const traffic = await control(context, `accounts/${account.accountId}/traffic`)
  return traffic.map((/** @type {{ auth: string }} */ entry) => entry.auth)
}

/** @param {Context} context @param {import('../../src/index.js').Credentials} credentials */
const clientWith = ({ sdk, fakeUrl }, credentials) =>
  sdk.createClient({ baseUrl: `${fakeUrl}/trade-api/v2`, credentials })

/**
 * Each case: a name, and a body that throws on failure.
 * @type {[string, (context: Context) => Promise<void>][]}
 */
const cases = [
  [
    'RSA key generation: a non-extractable RSA-PSS 2048 pair and its SPKI PEM',
    async ({ sdk }) => {
      const pair = await sdk.generateKeyPair()
      equal(pair.privateKey.extractable, false, 'extractable')
      equal(pair.privateKey.algorithm.name, 'RSA-PSS', 'algorithm')
      equal(
        /** @type {RsaHashedKeyAlgorithm} */ (pair.privateKey.algorithm).modulusLength,
        2048,
        'modulus',
      )
      const pem = await sdk.exportPublicKeyPem(pair)
      ok(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/.test(pem), pem)
      const spki = await crypto.subtle.exportKey('spki', pair.publicKey)
      ok(spki.byteLength > 290, `SPKI of ${spki.byteLength} bytes`)
    },
  ],
  [
    'Ed25519 key generation: a non-extractable pair and its SPKI PEM',
    async ({ sdk }) => {
      const pair = await sdk.generateKeyPair({ keyType: 'ed25519' })
      equal(pair.privateKey.extractable, false, 'extractable')
      equal(pair.privateKey.algorithm.name, 'Ed25519', 'algorithm')
      const pem = await sdk.exportPublicKeyPem(pair)
      ok(pem.startsWith('-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA'), pem)
    },
  ],
  [
    'PKCS#1 import: the key signs requests the server verifies with node:crypto',
    async (context) => {
      const account = await newAccount(context)
      const privateKey = await context.sdk.importPrivateKey(account.privateKeyPkcs1Pem)
      equal(privateKey.extractable, false, 'extractable')
      const { api_keys } = await clientWith(context, {
        keyId: account.keyId,
        privateKey,
      }).getApiKeys()
      equal(
        api_keys.map((key) => key.api_key_id),
        [account.keyId],
        'keys',
      )
      equal(await auths(context, account), ['valid'], 'auth')
    },
  ],
  [
    'PKCS#8 import: the key signs requests the server verifies with node:crypto',
    async (context) => {
      const account = await newAccount(context)
      const privateKey = await context.sdk.importPrivateKey(account.privateKeyPem)
      await clientWith(context, { keyId: account.keyId, privateKey }).getApiKeys()
      equal(await auths(context, account), ['valid'], 'auth')
    },
  ],
  [
    'signRequest: its three headers, sent with plain fetch, are accepted',
    async (context) => {
      const account = await newAccount(context)
      const privateKey = await context.sdk.importPrivateKey(account.privateKeyPkcs1Pem)
      const path = '/trade-api/v2/api_keys'
      const headers = await context.sdk.signRequest(
        { keyId: account.keyId, privateKey },
        { method: 'GET', path },
      )
      equal(
        Object.keys(headers).sort(),
        ['KALSHI-ACCESS-KEY', 'KALSHI-ACCESS-SIGNATURE', 'KALSHI-ACCESS-TIMESTAMP'],
        'headers',
      )
      const response = await fetch(`${context.fakeUrl}${path}`, { headers })
      equal(response.status, 200, 'status')
      // A signature over another path is refused: the server really checks.
      const wrong = await context.sdk.signRequest(
        { keyId: account.keyId, privateKey },
        { method: 'GET', path: '/trade-api/v2/api_keys/other' },
      )
      equal((await fetch(`${context.fakeUrl}${path}`, { headers: wrong })).status, 401, 'status')
      equal(await auths(context, account), ['valid', 'invalid'], 'auth')
    },
  ],
  [
    'createApiKey: an RSA key made here is registered and signs',
    async (context) => {
      const account = await newAccount(context)
      const privateKey = await context.sdk.importPrivateKey(account.privateKeyPem)
      const client = clientWith(context, { keyId: account.keyId, privateKey })
      const created = await client.createApiKeyWithDeviceKey({ name: 'runtime-rsa' })
      equal(created.keyType, 'rsa', 'keyType')
      const { api_keys } = await clientWith(context, created.credentials).getApiKeys()
      equal(api_keys.length, 2, 'keys')
      // createApiKey itself, with the public key PEM of a pair made here.
      const pair = await context.sdk.generateKeyPair()
      const { api_key_id } = await client.createApiKey({
        name: 'runtime-plain',
        public_key: await context.sdk.exportPublicKeyPem(pair),
      })
      await clientWith(context, { keyId: api_key_id, privateKey: pair.privateKey }).getApiKeys()
      equal(await auths(context, account), ['valid', 'valid', 'valid', 'valid'], 'auth')
    },
  ],
  [
    'createApiKey: an Ed25519 key made here is registered and signs',
    async (context) => {
      const account = await newAccount(context)
      const privateKey = await context.sdk.importPrivateKey(account.privateKeyPem)
      const client = clientWith(context, { keyId: account.keyId, privateKey })
      const created = await client.createApiKeyWithDeviceKey({
        name: 'runtime-ed25519',
        keyType: 'ed25519',
      })
      equal(created.credentials.privateKey.algorithm.name, 'Ed25519', 'algorithm')
      await clientWith(context, created.credentials).getApiKeys()
      equal(await auths(context, account), ['valid', 'valid'], 'auth')
    },
  ],
  [
    'generateApiKey: the PKCS#1 PEM from the server imports and signs',
    async (context) => {
      const account = await newAccount(context)
      const privateKey = await context.sdk.importPrivateKey(account.privateKeyPem)
      const client = clientWith(context, { keyId: account.keyId, privateKey })
      const generated = await client.generateApiKey({ name: 'runtime-generated' })
      ok(generated.private_key.startsWith('-----BEGIN RSA PRIVATE KEY-----'), 'PKCS#1 PEM')
      const imported = await context.sdk.importPrivateKey(generated.private_key)
      await clientWith(context, { keyId: generated.api_key_id, privateKey: imported }).getApiKeys()
      const ed = await client.createApiKeyWithServerKey({
        name: 'runtime-generated-ed',
        keyType: 'ed25519',
      })
      await clientWith(context, ed.credentials).getApiKeys()
      equal(await auths(context, account), ['valid', 'valid', 'valid', 'valid'], 'auth')
    },
  ],
  [
    'getApiKeys and deleteApiKey: a key is listed, then deleted',
    async (context) => {
      const account = await newAccount(context)
      const privateKey = await context.sdk.importPrivateKey(account.privateKeyPem)
      const client = clientWith(context, { keyId: account.keyId, privateKey })
      const generated = await client.generateApiKey({ name: 'to-delete', scopes: ['read'] })
      const listed = await client.getApiKeys()
      const found = listed.api_keys.find((key) => key.api_key_id === generated.api_key_id)
      equal(found?.scopes, ['read'], 'scopes')
      equal(await client.deleteApiKey(generated.api_key_id), undefined, 'delete')
      equal(
        (await client.getApiKeys()).api_keys.map((key) => key.api_key_id),
        [account.keyId],
        'keys left',
      )
    },
  ],
  [
    'typed errors: the API refuses (404, 401) with KalshiApiError',
    async (context) => {
      const { sdk } = context
      const account = await newAccount(context)
      const privateKey = await sdk.importPrivateKey(account.privateKeyPem)
      const client = clientWith(context, { keyId: account.keyId, privateKey })
      const missing = await rejection(
        client.deleteApiKey('00000000-0000-4000-8000-000000000000'),
        'deleting a missing key',
      )
      ok(missing instanceof sdk.KalshiApiError, `${missing}`)
      ok(missing instanceof sdk.KalshiError && sdk.isKalshiError(missing), 'a KalshiError')
      equal([missing.status, missing.code], [404, 'not_found'], 'status and code')
      const stranger = clientWith(context, { keyId: crypto.randomUUID(), privateKey })
      const refused = await rejection(stranger.getApiKeys(), 'an unknown key id')
      ok(refused instanceof sdk.KalshiApiError, `${refused}`)
      equal(refused.status, 401, 'status')
      ok(!JSON.stringify(refused).includes('KALSHI-ACCESS-SIGNATURE'), 'no signature shown')
    },
  ],
  [
    'typed errors: bad input, bad keys and an unreachable server',
    async (context) => {
      const { sdk } = context
      const { privateKey } = await sdk.generateKeyPair({ keyType: 'ed25519' })
      const client = clientWith(context, { keyId: 'k', privateKey })
      const invalid = await rejection(
        client.createApiKey(/** @type {any} */ ({ name: 'n' })),
        'no public key',
      )
      ok(invalid instanceof sdk.KalshiValidationError, `${invalid}`)
      equal(invalid.code, 'ERR_INVALID_REQUEST', 'code')
      const badKey = await rejection(sdk.importPrivateKey('not a key'), 'importing text')
      ok(badKey instanceof sdk.KalshiKeyError, `${badKey}`)
      equal(badKey.code, 'ERR_KEY_FORMAT', 'code')
      const offline = sdk.createClient({
        baseUrl: 'http://127.0.0.1:9/trade-api/v2',
        credentials: { keyId: 'k', privateKey },
        retry: 0,
      })
      const network = await rejection(offline.getApiKeys(), 'a closed port')
      ok(network instanceof sdk.KalshiNetworkError, `${network}`)
      equal(network.code, 'ERR_NETWORK', 'code')
    },
  ],
  [
    'key store: ERR_UNSUPPORTED_RUNTIME without IndexedDB; no persistent storage',
    async ({ sdk }) => {
      equal(typeof indexedDB, 'undefined', 'indexedDB in this runtime')
      const store = sdk.createKeyStore()
      const error = await rejection(store.list(), 'a store without IndexedDB')
      ok(error instanceof sdk.KalshiError, `${error}`)
      equal(error.code, 'ERR_UNSUPPORTED_RUNTIME', 'code')
      // No navigator.storage here: false, at once (not after the timeout).
      equal(await sdk.requestPersistentStorage({ timeout: 60_000 }), false, 'persistent')
    },
  ],
]

/** The case names, in order: the vitest file makes one test of each, per runtime and build. */
export const CASE_NAMES = cases.map(([name]) => name)

/**
 * Runs every case, one after another, and reports each; never throws.
 * @param {Context} context
 * @returns {Promise<CaseResult[]>}
 */
export async function runSuite(context) {
  /** @type {CaseResult[]} */
  const results = []
  for (const [name, body] of cases) {
    const start = performance.now()
    try {
      await body(context)
      results.push({ name, ok: true, ms: performance.now() - start })
    } catch (error) {
      const text =
        error instanceof AssertionError
          ? error.message
          : `${/** @type {Error} */ (error)?.stack ?? error}`
      results.push({ name, ok: false, ms: performance.now() - start, error: text })
    }
  }
  return results
}
