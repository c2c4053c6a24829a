// The SDK against Kalshi's own OpenAPI (test/spec/): its lists and version match the spec's, it
// accepts every answer the spec allows, and every request it sends and every answer the fake
// server gives in a full session validate against the spec, checked here from the client's side.
import { readFile } from 'node:fs/promises'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import {
  createClient,
  KALSHI_API_VERSION,
  KALSHI_BASE_URLS,
  type KalshiClient,
  rotateApiKey,
} from '../../src/index.js'
import { KEY_TYPES } from '../../src/keys/algorithm.js'
import { API_KEY_SCOPES } from '../../src/schemas.js'
import {
  checkRequest,
  checkResponse,
  findOperation,
  schemaValidator,
  spec,
} from '../../src/testing/spec.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'
import { specArbitrary } from '../support/spec-arbitrary.js'

describe('drift guards: the SDK and its copy of the spec agree', () => {
  test('the fake server’s JSON copy is the YAML as published, parsed', async () => {
    const yaml = await readFile('test/spec/kalshi-api-keys.openapi.yaml', 'utf8')
    expect(spec).toEqual(parse(yaml))
  })

  test('the scopes are the spec’s ApiKeyScope enum', () => {
    expect([...API_KEY_SCOPES].sort()).toEqual([...spec.components.schemas.ApiKeyScope.enum].sort())
  })

  test('the key types are the spec’s ApiKeyType enum', () => {
    expect([...KEY_TYPES].sort()).toEqual([...spec.components.schemas.ApiKeyType.enum].sort())
  })

  test('the API version implemented is the spec’s', () => {
    expect(KALSHI_API_VERSION).toBe(spec.info.version)
  })

  test('the base URLs are servers of the spec', () => {
    const servers = spec.servers.map((server: { url: string }) => server.url)
    for (const url of Object.values(KALSHI_BASE_URLS)) expect(servers).toContain(url)
  })

  test('the spec has the four operations the SDK wraps, and no other', () => {
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(operations.sort()).toEqual([
      'DELETE /api_keys/{api_key}',
      'GET /api_keys',
      'POST /api_keys',
      'POST /api_keys/generate',
    ])
  })
})

/** A client whose every call gets `body` back with `status`, from no server at all. */
function answering(status: number, body: unknown): KalshiClient {
  return createClient({
    baseUrl: 'http://127.0.0.1:9/trade-api/v2',
    credentials: { keyId: 'k', privateKey: placeholderKey },
    fetch: async () => new Response(JSON.stringify(body), { status }),
  })
}
const placeholderKey = (
  await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])
).privateKey

describe('every answer the spec allows is accepted, nothing lost', () => {
  const cases: [string, string, number, (client: KalshiClient) => Promise<unknown>][] = [
    ['GetApiKeysResponse', 'GET /api_keys', 200, (c) => c.getApiKeys()],
    [
      'CreateApiKeyResponse',
      'POST /api_keys',
      201,
      (c) => c.createApiKey({ name: 'x', public_key: publicKeyPem }),
    ],
    [
      'GenerateApiKeyResponse',
      'POST /api_keys/generate',
      201,
      (c) => c.generateApiKey({ name: 'x' }),
    ],
  ]
  test.each(cases)('%s (300 random answers)', async (schema, _, status, call) => {
    const valid = schemaValidator(schema)
    await fc.assert(
      fc.asyncProperty(specArbitrary(schema), async (answer) => {
        // The generator is held to the spec too, so "spec-valid" means what Ajv says it means.
        expect(valid(answer)).toBe(true)
        // Compared with what the wire carries (JSON has no -0, for one).
        expect(await call(answering(status, answer))).toEqual(JSON.parse(JSON.stringify(answer)))
      }),
      { numRuns: 300 },
    )
  })

  test('the generator does make the edge cases: ids of any text, nulls, extra fields', () => {
    const samples = fc.sample(specArbitrary('GetApiKeysResponse'), 300) as {
      api_keys: Record<string, unknown>[]
      api_key_region_expiration_ts?: unknown
    }[]
    const keys = samples.flatMap((sample) => sample.api_keys)
    expect(keys.some((key) => !/^[\w-]+$/.test(key.api_key_id as string))).toBe(true)
    expect(keys.some((key) => key.subaccount === null)).toBe(true)
    expect(samples.some((sample) => sample.api_key_region_expiration_ts === null)).toBe(true)
    expect(
      keys.some((key) =>
        Object.keys(key).some((name) => !(name in spec.components.schemas.ApiKey.properties)),
      ),
    ).toBe(true)
  })
})

const publicKeyPem = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA27eljeYgxufLL+PsfcjeLHVqN0w9JhrWpvDzVb/aH5Q=
-----END PUBLIC KEY-----`

test('a whole session, both key types: each request and answer validates against the spec', async () => {
  const account = await newAccount({ usageLevel: 'premier' })
  const seen: {
    method: string
    target: string
    headers: Record<string, string>
    body: string
    status: number
    answer: string
  }[] = []
  const recording: typeof fetch = async (input, init) => {
    const request = (input as Request).clone()
    const response = await fetch(input, init)
    const url = new URL(request.url)
    seen.push({
      method: request.method,
      target: url.pathname + url.search,
      headers: Object.fromEntries(
        [...request.headers].map(([name, value]) => [name.toLowerCase(), value]),
      ),
      body: await request.text(),
      status: response.status,
      answer: await response.clone().text(),
    })
    return response
  }
  const options = { baseUrl: FAKE_API_URL, fetch: recording }
  const client = createClient({
    ...options,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  await client.getApiKeys()
  await client.getApiKeys({ fcm_subtrader_id: '123_ABC' })
  const local = await client.createApiKeyWithDeviceKey({
    name: 'device',
    keyType: 'ed25519',
    scopes: ['read', 'write::fcm_risk'],
  })
  const server = await client.createApiKeyWithServerKey({
    name: 'server',
    keyType: 'ed25519',
    subaccount: 3,
  })
  const generated = await client.generateApiKey({ name: 'rsa', key_type: 'rsa' })
  await client.deleteApiKey(local.api_key_id)
  await client.deleteApiKey(server.api_key_id)
  await client.deleteApiKey(generated.api_key_id)
  await client.deleteApiKey('no-such-key').catch(() => undefined) // a 404, also declared
  await rotateApiKey(client, { name: 'rotated', keyType: 'ed25519' })

  expect(seen.map(({ method, status }) => `${method} ${status}`)).toEqual([
    'GET 200',
    'GET 200',
    'POST 201',
    'POST 201',
    'POST 201',
    'DELETE 204',
    'DELETE 204',
    'DELETE 204',
    'DELETE 404',
    'GET 200', // rotation: the keys before,
    'POST 201', // the new key,
    'GET 200', // verified,
    'DELETE 204', // the old one deleted
  ])
  for (const exchange of seen) {
    expect(checkRequest(exchange), `${exchange.method} ${exchange.target}`).toEqual([])
    const op = findOperation(
      exchange.method,
      exchange.target.split('?')[0]?.slice('/trade-api/v2'.length) ?? '',
    )
    expect(op).toBeDefined()
    if (op) expect(checkResponse(op, exchange.status, exchange.answer)).toEqual([])
  }
})

test('the spec check itself fails on what the spec refuses', () => {
  const headers = {
    'content-type': 'application/json',
    'kalshi-access-key': 'k',
    'kalshi-access-signature': 's',
    'kalshi-access-timestamp': '1',
  }
  const post = (body: unknown) =>
    checkRequest({
      method: 'POST',
      target: '/trade-api/v2/api_keys/generate',
      headers,
      body: JSON.stringify(body),
    })
  expect(post({ name: 'x' })).toEqual([])
  expect(post({ name: 'x', key_type: 'ecdsa' })).not.toEqual([])
  expect(post({ key_type: 'rsa' })).not.toEqual([])
  expect(post({ name: 'x', subaccount: 64 })).not.toEqual([])
  expect(post({ name: 'x', scopes: ['admin'] })).not.toEqual([])
  expect(
    checkRequest({ method: 'GET', target: '/trade-api/v2/api_keys?limit=1', headers, body: '' }),
  ).not.toEqual([])
  expect(
    checkRequest({ method: 'GET', target: '/trade-api/v2/api_keys', headers: {}, body: '' }),
  ).not.toEqual([])
  const list = findOperation('GET', '/api_keys')
  if (!list) throw new Error('no GET /api_keys in the spec')
  expect(checkResponse(list, 200, '{"api_keys":[]}')).toEqual([])
  expect(
    checkResponse(
      list,
      200,
      '{"api_keys":[{"api_key_id":"a","name":"n","scopes":["read"],"subaccount":64}]}',
    ),
  ).not.toEqual([])
  expect(checkResponse(list, 403, '')).not.toEqual([]) // not a status GET /api_keys declares
})
