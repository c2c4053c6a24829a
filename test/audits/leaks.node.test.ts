// What Node shows of an error (util.inspect, as console.log does, even with hidden properties and
// any depth) never holds a signature or a private key, including through `cause`.
import { inspect } from 'node:util'
import { runInNewContext } from 'node:vm'
import { expect, test } from 'vitest'
import {
  createClient,
  isKalshiError,
  KalshiGeneratedKeyError,
  KalshiTimeoutError,
  type KalshiValidationError,
} from '../../src/index.js'
import { pemBodyLines } from '../support/bytes.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'

const everything = (value: unknown) =>
  inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true })
// Hidden properties too, but not calling getters: an answer kept on purpose (`error.response`) is
// behind one, shown only to whoever asks for it.
const hidden = (value: unknown) =>
  inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true })

test('a timeout does not carry the signed request in its cause', async () => {
  const account = await newAccount()
  await account.inject({ action: 'hang' })
  const client = createClient({
    baseUrl: FAKE_API_URL,
    timeout: 200,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  const error = await client.getApiKeys().catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(KalshiTimeoutError)
  const [entry] = await account.traffic()
  const signature = entry?.headers['kalshi-access-signature'] ?? ''
  expect(signature.length).toBeGreaterThan(300)
  const shown = [everything(error), String(error), JSON.stringify(error)].join('\n')
  expect(shown).not.toContain(signature.slice(0, 40))
})

test('a dropped connection does not carry the signed request either', async () => {
  const account = await newAccount()
  await account.inject({ action: 'drop' })
  const client = createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  const error = await client.generateApiKey({ name: 'x' }).catch((caught: unknown) => caught)
  expect(error).toMatchObject({ code: 'ERR_NETWORK' })
  const [entry] = await account.traffic()
  const signature = entry?.headers['kalshi-access-signature'] ?? ''
  expect(signature.length).toBeGreaterThan(300)
  expect([everything(error), String(error), JSON.stringify(error)].join('\n')).not.toContain(
    signature.slice(0, 40),
  )
})

test('a generated private key in a malformed answer is kept, but only where it is asked for', async () => {
  const account = await newAccount()
  const privateKey = account.privateKeyPkcs1Pem // stands in for a freshly generated key
  await account.inject({ status: 201, body: { api_key_id: 42, private_key: privateKey } })
  const client = createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  const error = (await client
    .generateApiKey({ name: 'x' })
    .catch((caught: unknown) => caught)) as KalshiValidationError
  expect(error).toMatchObject({
    code: 'ERR_INVALID_RESPONSE',
    issues: [expect.objectContaining({ path: ['api_key_id'] })],
  })
  expect(error.response).toEqual({ api_key_id: 42, private_key: privateKey })
  const shown = [hidden(error), String(error), JSON.stringify(error), error.stack].join('\n')
  for (const line of pemBodyLines(privateKey)) expect(shown).not.toContain(line)
})

test('isKalshiError recognises an SDK error from another realm', () => {
  const foreign = runInNewContext(
    'class KalshiKeyError extends Error { get name() { return "KalshiKeyError" } }; Object.assign(new KalshiKeyError("m"), { code: "ERR_KEY_FORMAT" })',
  )
  expect(foreign instanceof Error).toBe(false)
  expect(isKalshiError(foreign)).toBe(true)
})

test('a generated key that cannot be imported: its answer is on the error, but no rendering shows it', async () => {
  const account = await newAccount()
  const privateKey = account.privateKeyPkcs1Pem
  // A key of a kind WebCrypto refuses here: the PEM of a PKCS#1 key labelled as an EC key.
  await account.inject({
    status: 201,
    method: 'POST',
    body: {
      api_key_id: 'minted',
      private_key: privateKey.replaceAll('RSA PRIVATE KEY', 'EC PRIVATE KEY'),
    },
  })
  const client = createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  const error = (await client
    .createApiKeyWithServerKey({ name: 'x' })
    .catch((caught: unknown) => caught)) as KalshiGeneratedKeyError
  expect(error).toBeInstanceOf(KalshiGeneratedKeyError)
  expect(error.newKeyId).toBe('minted')
  expect(JSON.stringify(error.response)).toContain(pemBodyLines(privateKey)[1])
  const shown = [hidden(error), String(error), JSON.stringify(error), error.stack].join('\n')
  for (const line of pemBodyLines(privateKey)) expect(shown).not.toContain(line)
})
