// Bad requests are refused before anything is sent, each with ERR_INVALID_REQUEST and issues that
// point at the field; misuse of the API itself is a TypeError.
import { describe, expect, expectTypeOf, test, vi } from 'vitest'
import {
  type ApiKeyScope,
  type CreateApiKeyRequest,
  createClient,
  type GetApiKeysResponse,
  type KalshiClient,
  KalshiValidationError,
} from '../../src/index.js'
import { pemBodyLines } from '../support/bytes.js'
import vectors from '../vectors/rsa-key-pairs.json'

const key = vectors.keys.find((pair) => Number(pair.keySize) === 2048)
if (!key) throw new Error('no 2048-bit vector')
const public_key = key.publicKeySpkiPem
const privatePem = key.privateKeyPkcs1Pem

function offlineClient() {
  const fetch = vi.fn<typeof globalThis.fetch>()
  const client = createClient({
    baseUrl: 'http://127.0.0.1:9/trade-api/v2',
    fetch,
    credentials: { keyId: 'key', privateKey: privatePem },
  })
  return { client, fetch }
}

// The last element: the issue path expected, or null for a TypeError (misuse, not bad data).
type Case = [string, (client: KalshiClient) => Promise<unknown>, (string | number)[] | null]
const bad = (value: unknown) => value as never

const cases: Case[] = [
  ['a missing name', (c) => c.generateApiKey(bad({})), ['name']],
  ['a misspelt field', (c) => c.generateApiKey(bad({ name: 'x', scope: ['read'] })), []],
  [
    'a scope in the wrong case',
    (c) => c.generateApiKey({ name: 'x', scopes: ['Read'] }),
    ['scopes', 0],
  ],
  ['write without read', (c) => c.generateApiKey({ name: 'x', scopes: ['write'] }), ['scopes']],
  ['subaccount 64', (c) => c.generateApiKey({ name: 'x', subaccount: 64 }), ['subaccount']],
  ['subaccount -1', (c) => c.generateApiKey({ name: 'x', subaccount: -1 }), ['subaccount']],
  ['subaccount 1.5', (c) => c.generateApiKey({ name: 'x', subaccount: 1.5 }), ['subaccount']],
  [
    'a malformed fcm_subtrader_id',
    (c) => c.generateApiKey({ name: 'x', fcm_subtrader_id: 'user_TOO-LOUD' }),
    ['fcm_subtrader_id'],
  ],
  [
    'subaccount with fcm_subtrader_id',
    (c) => c.generateApiKey({ name: 'x', subaccount: 1, fcm_subtrader_id: 'u_a1' }),
    [],
  ],
  [
    'a public_key that is not PEM',
    (c) => c.createApiKey({ name: 'x', public_key: 'ssh-rsa AAAA' }),
    ['public_key'],
  ],
  [
    'a PKCS#1 public key',
    (c) =>
      c.createApiKey({
        name: 'x',
        public_key: public_key.replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY'),
      }),
    ['public_key'],
  ],
  [
    'a private key as public_key',
    (c) => c.createApiKey({ name: 'x', public_key: privatePem }),
    ['public_key'],
  ],
  ['a body that is no object', (c) => c.createApiKey(bad('name=x')), []],
  [
    'a malformed fcm_subtrader_id query',
    (c) => c.getApiKeys({ fcm_subtrader_id: 'nounderscore' }),
    ['fcm_subtrader_id'],
  ],
  ['an unknown query parameter', (c) => c.getApiKeys(bad({ limit: 5 })), []],
  ['an empty key id', (c) => c.deleteApiKey(''), []],
  ['a dot-segment key id', (c) => c.deleteApiKey('..'), []],
  ['a key id that is no string', (c) => c.deleteApiKey(bad(42)), []],
  ['a key id with a line break', (c) => c.deleteApiKey('a\nb'), []],
  ['a key id with a space at its end', (c) => c.deleteApiKey('abc '), []],
  [
    'an unknown key_type',
    (c) => c.generateApiKey(bad({ name: 'x', key_type: 'dsa' })),
    ['key_type'],
  ],
  [
    'a key_type in the wrong case',
    (c) => c.generateApiKey(bad({ name: 'x', key_type: 'Ed25519' })),
    ['key_type'],
  ],
  [
    'a modulusLength for an Ed25519 key',
    (c) => c.createApiKeyWithDeviceKey(bad({ name: 'x', keyType: 'ed25519', modulusLength: 2048 })),
    [],
  ],
  [
    'an unknown keyType',
    (c) => c.createApiKeyWithDeviceKey(bad({ name: 'x', keyType: 'ec' })),
    ['keyType'],
  ],
  [
    'a modulusLength for a server key',
    (c) => c.createApiKeyWithServerKey(bad({ name: 'x', modulusLength: 2048 })),
    [],
  ],
  ['a private key given as the key id', (c) => c.deleteApiKey(privatePem), []],
  ['a per-call timeout of 0', (c) => c.getApiKeys({}, { timeout: 0 }), null],
  [
    'a 1024-bit local key',
    (c) => c.createApiKeyWithDeviceKey(bad({ name: 'x', modulusLength: 1024 })),
    ['modulusLength'],
  ],
  [
    'a local key without a name',
    (c) => c.createApiKeyWithDeviceKey(bad({ scopes: ['read'] })),
    ['name'],
  ],
]

describe('refused before sending', () => {
  test.each(cases)('%s', async (_, call, path) => {
    const { client, fetch } = offlineClient()
    const error = await call(client).catch((caught: unknown) => caught)
    expect(fetch).not.toHaveBeenCalled()
    if (path === null) return void expect(error).toBeInstanceOf(TypeError)
    expect(error).toBeInstanceOf(KalshiValidationError)
    expect(error).toMatchObject({ code: 'ERR_INVALID_REQUEST' })
    const { issues } = error as KalshiValidationError
    expect(issues.length).toBeGreaterThan(0)
    if (path.length) expect(issues.map((issue) => issue.path)).toContainEqual(path)
    const rendered = [String(error), JSON.stringify(error)].join('\n')
    for (const line of pemBodyLines(privatePem)) expect(rendered).not.toContain(line)
  })

  test('a private key given as public_key is never repeated in the error', async () => {
    const { client } = offlineClient()
    const error = (await client
      .createApiKey({ name: 'x', public_key: privatePem })
      .catch((e: unknown) => e)) as KalshiValidationError
    expect(error.message).toMatch(/PRIVATE key/)
    const rendered = [
      error.message,
      String(error),
      JSON.stringify(error),
      error.stack,
      JSON.stringify(error.issues),
    ].join('\n')
    for (const line of pemBodyLines(privatePem)) expect(rendered).not.toContain(line)
  })
})

describe('new scopes pass', () => {
  test.each(['read::something_new', 'write::new_thing', 'read::a::b'])('%s', async (scope) => {
    const { client, fetch } = offlineClient()
    fetch.mockResolvedValue(
      new Response(JSON.stringify({ api_key_id: 'k', private_key: 'p' }), { status: 201 }),
    )
    await expect(
      client.generateApiKey({ name: 'x', scopes: ['read', scope] }),
    ).resolves.toMatchObject({ api_key_id: 'k' })
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})

describe('what the spec allows is sent', () => {
  test.each([
    ['an empty name', (c: KalshiClient) => c.generateApiKey({ name: '' }), '{"name":""}'],
    [
      'an upper-case FCM subtrader suffix',
      (c: KalshiClient) => c.generateApiKey({ name: 'x', fcm_subtrader_id: '123_ABC' }),
      '{"name":"x","fcm_subtrader_id":"123_ABC"}',
    ],
    [
      'key_type ed25519',
      (c: KalshiClient) => c.generateApiKey({ name: 'x', key_type: 'ed25519' }),
      '{"name":"x","key_type":"ed25519"}',
    ],
    [
      'the write::fcm_risk scope',
      (c: KalshiClient) => c.generateApiKey({ name: 'x', scopes: ['write::fcm_risk'] }),
      '{"name":"x","scopes":["write::fcm_risk"]}',
    ],
  ])('%s', async (_, call, body) => {
    const { client, fetch } = offlineClient()
    let sent: string | undefined
    fetch.mockImplementation(async (request) => {
      sent = await (request as Request).text()
      return new Response(JSON.stringify({ api_key_id: 'k', private_key: 'p' }), { status: 201 })
    })
    await call(client)
    expect(sent).toBe(body)
  })

  test('a key id that needs escaping goes into its path segment percent-encoded', async () => {
    const { client, fetch } = offlineClient()
    fetch.mockResolvedValue(new Response(null, { status: 204 }))
    await client.deleteApiKey('a/b c?d#e%f')
    expect((fetch.mock.calls[0]?.[0] as Request | undefined)?.url).toBe(
      'http://127.0.0.1:9/trade-api/v2/api_keys/a%2Fb%20c%3Fd%23e%25f',
    )
  })
})

describe('createClient misuse is a TypeError', () => {
  test.each([
    ['an unknown environment', { environment: 'staging' }],
    ['an invalid base URL', { baseUrl: 'http://' }],
    ['an empty key id', { credentials: { keyId: '', privateKey: privatePem } }],
    ['a private key of the wrong type', { credentials: { keyId: 'k', privateKey: 42 } }],
    ['a negative timeout', { timeout: -1 }],
    ['a timeout of 0', { timeout: 0 }],
    ['a timeout setTimeout cannot wait', { timeout: 3e9 }],
    ['a retry count that is not a number', { retry: Number.NaN }],
    ['a fractional retry count', { retry: 1.5 }],
    ['a base URL with a query', { baseUrl: 'https://example.com/trade-api/v2?token=x' }],
    ['a base URL with a fragment', { baseUrl: 'https://example.com/trade-api/v2#x' }],
    ['a PEM given as the key id', { credentials: { keyId: privatePem, privateKey: privatePem } }],
    ['a key id with a line break', { credentials: { keyId: 'my\nkey', privateKey: privatePem } }],
    [
      'a key id with a space at its start',
      { credentials: { keyId: ' key', privateKey: privatePem } },
    ],
    ['a key id out of ASCII', { credentials: { keyId: 'clé', privateKey: privatePem } }],
  ])('%s', (_, options) => {
    let thrown: unknown
    try {
      createClient(options as never)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    for (const line of pemBodyLines(privatePem)) expect(String(thrown)).not.toContain(line)
  })
})

test('the public types follow the wire shapes', () => {
  expectTypeOf<CreateApiKeyRequest>().toHaveProperty('public_key').toEqualTypeOf<string>()
  expectTypeOf<GetApiKeysResponse['api_keys'][number]['scopes']>().toEqualTypeOf<ApiKeyScope[]>()
  expectTypeOf<KalshiClient['deleteApiKey']>().returns.toEqualTypeOf<Promise<void>>()
  // @ts-expect-error: name is required
  const missingName: CreateApiKeyRequest = { public_key }
  expect(missingName).toBeDefined()
})
