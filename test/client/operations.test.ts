// End to end against the fake Kalshi server, which checks every signature with node:crypto.
import { describe, expect, test, vi } from 'vitest'
import {
  type ClientOptions,
  createClient,
  exportPublicKeyPem,
  generateKeyPair,
  importPrivateKey,
  KalshiApiError,
  KalshiError,
  KalshiKeyError,
  KalshiNetworkError,
  KalshiTimeoutError,
  KalshiValidationError,
} from '../../src/index.js'
import { type Account, FAKE_API_URL, FAKE_RELAY_URL, newAccount } from '../support/fake.js'

const UUID = /^[0-9a-f-]{36}$/
const isBrowser = typeof window !== 'undefined'

function clientFor(account: Account, options: ClientOptions = {}) {
  return createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPkcs1Pem },
    ...options,
  })
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  )
}

async function freshPublicKeyPem(): Promise<string> {
  return exportPublicKeyPem(await generateKeyPair())
}

describe('getApiKeys', () => {
  test('lists the account’s keys, signed with a PKCS#1 PEM imported once', async () => {
    const account = await newAccount()
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    try {
      const client = clientFor(account)
      const lists = await Promise.all([
        client.getApiKeys(),
        client.getApiKeys(),
        client.getApiKeys(),
      ])
      for (const { api_keys } of lists)
        expect(api_keys).toEqual([
          { api_key_id: account.keyId, name: 'admin', scopes: ['read', 'write'] },
        ])
      expect(importKey).toHaveBeenCalledTimes(1)
    } finally {
      importKey.mockRestore()
    }
    const traffic = await account.traffic()
    expect(traffic.map((entry) => [entry.method, entry.path, entry.auth, entry.status])).toEqual(
      Array(3).fill(['GET', '/trade-api/v2/api_keys', 'valid', 200]),
    )
  })

  test('accepts a PKCS#8 PEM and a CryptoKey alike', async () => {
    const account = await newAccount()
    const fromPkcs8 = clientFor(account, {
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    })
    const privateKey = await importPrivateKey(account.privateKeyPem)
    const fromKey = clientFor(account, { credentials: { keyId: account.keyId, privateKey } })
    await fromPkcs8.getApiKeys()
    await fromKey.getApiKeys()
    expect((await account.traffic()).map((entry) => entry.auth)).toEqual(['valid', 'valid'])
  })

  test('sends fcm_subtrader_id as a query the signature does not cover', async () => {
    const account = await newAccount()
    const { api_keys } = await clientFor(account).getApiKeys({ fcm_subtrader_id: 'user-1_abc' })
    expect(api_keys).toEqual([])
    const [entry] = await account.traffic()
    expect(entry).toMatchObject({
      url: '/trade-api/v2/api_keys?fcm_subtrader_id=user-1_abc',
      auth: 'valid',
      status: 200,
    })
  })

  test('401 for a signature made with the wrong key', async () => {
    const account = await newAccount()
    const other = await newAccount()
    const client = clientFor(account, {
      credentials: { keyId: account.keyId, privateKey: other.privateKeyPem },
    })
    const error = await rejection(client.getApiKeys())
    expect(error).toBeInstanceOf(KalshiApiError)
    // The shape seen in the wild: {"error":{"code":"authentication_error","details":"INCORRECT_API_KEY_SIGNATURE"}}
    expect(error).toMatchObject({
      status: 401,
      code: 'authentication_error',
      details: 'INCORRECT_API_KEY_SIGNATURE',
      method: 'GET',
      path: '/trade-api/v2/api_keys',
    })
    expect((error as Error).message).toContain('INCORRECT_API_KEY_SIGNATURE')
    expect((await account.traffic()).map((entry) => entry.auth)).toEqual(['invalid']) // a 401 is not retried
  })

  test('401 for an unknown key id', async () => {
    const account = await newAccount()
    const client = clientFor(account, {
      credentials: { keyId: crypto.randomUUID(), privateKey: account.privateKeyPem },
    })
    await expect(client.getApiKeys()).rejects.toMatchObject({
      name: 'KalshiApiError',
      status: 401,
      code: 'unauthorized',
    })
  })

  test('500 is retried with a fresh signature each attempt, then succeeds', async () => {
    const account = await newAccount()
    await account.inject({
      status: 500,
      body: { error: { code: 'internal_server_error', message: 'boom' } },
      times: 2,
    })
    const { api_keys } = await clientFor(account).getApiKeys()
    expect(api_keys).toHaveLength(1)
    const traffic = await account.traffic()
    expect(traffic.map((entry) => entry.status)).toEqual([500, 500, 200])
    expect(traffic.map((entry) => entry.auth)).toEqual(['valid', 'valid', 'valid'])
    const signatures = new Set(traffic.map((entry) => entry.headers['kalshi-access-signature']))
    expect(signatures.size).toBe(3)
  })

  test('500 surfaces as KalshiApiError once the retries are spent', async () => {
    const account = await newAccount()
    await account.inject({
      status: 500,
      body: { error: { code: 'internal_server_error', message: 'boom' } },
      times: 5,
    })
    const error = await rejection(clientFor(account, { retry: 1 }).getApiKeys())
    expect(error).toMatchObject({
      name: 'KalshiApiError',
      status: 500,
      code: 'internal_server_error',
    })
    expect(await account.traffic()).toHaveLength(2)
  })

  test('a dropped connection is retried', async () => {
    const account = await newAccount()
    await account.inject({ action: 'drop' })
    let attempts = 0
    await clientFor(account, {
      fetch: (input, init) => {
        attempts++
        return globalThis.fetch(input, init)
      },
    }).getApiKeys()
    const seen = (await account.traffic()).map((entry) => entry.fault ?? entry.status)
    if (isBrowser) {
      // A browser may resend a dropped GET itself on a fresh connection before the SDK sees any
      // error (all three engines do, now and then): then the SDK's one attempt already succeeds.
      expect([1, 2]).toContain(attempts)
      expect(seen[0]).toBe('drop')
      expect(seen.at(-1)).toBe(200)
    } else {
      expect(attempts).toBe(2)
      expect(seen).toEqual(['drop', 200])
    }
  })

  test('a hung request times out with KalshiTimeoutError', async () => {
    const account = await newAccount()
    await account.inject({ action: 'hang' })
    const error = await rejection(clientFor(account, { timeout: 300 }).getApiKeys())
    expect(error).toBeInstanceOf(KalshiTimeoutError)
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT' })
    expect((error as Error).message).toContain('GET /trade-api/v2/api_keys')
  })
})

describe('createApiKey', () => {
  test('201: registers the public key, which then signs accepted calls', async () => {
    const account = await newAccount()
    const pair = await generateKeyPair()
    const public_key = await exportPublicKeyPem(pair)
    const created = await clientFor(account).createApiKey({
      name: 'bot',
      public_key,
      scopes: ['read'],
    })
    expect(created.api_key_id).toMatch(UUID)
    const bot = clientFor(account, {
      credentials: { keyId: created.api_key_id, privateKey: pair.privateKey },
    })
    const { api_keys } = await bot.getApiKeys()
    expect(api_keys.find((key) => key.api_key_id === created.api_key_id)).toEqual({
      api_key_id: created.api_key_id,
      name: 'bot',
      scopes: ['read'],
    })
    const [post] = await account.traffic()
    expect(JSON.parse(post?.body ?? '')).toEqual({ name: 'bot', public_key, scopes: ['read'] })
  })

  test('400 when the server refuses the key (RSA-1024)', async () => {
    const account = await newAccount()
    const small = await crypto.subtle.generateKey(
      {
        name: 'RSA-PSS',
        modulusLength: 1024,
        publicExponent: Uint8Array.of(1, 0, 1),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )
    const error = await rejection(
      clientFor(account).createApiKey({
        name: 'small',
        public_key: await exportPublicKeyPem(small),
      }),
    )
    expect(error).toMatchObject({
      name: 'KalshiApiError',
      status: 400,
      code: 'invalid_parameters',
      method: 'POST',
    })
  })

  test('401 without a valid signature', async () => {
    const account = await newAccount()
    const other = await newAccount()
    const client = clientFor(account, {
      credentials: { keyId: account.keyId, privateKey: other.privateKeyPem },
    })
    await expect(
      client.createApiKey({ name: 'x', public_key: await freshPublicKeyPem() }),
    ).rejects.toMatchObject({ status: 401 })
  })

  test('403 below the Premier usage level, and for a read-only key', async () => {
    const account = await newAccount({ usageLevel: 'basic' })
    const public_key = await freshPublicKeyPem()
    const error = await rejection(clientFor(account).createApiKey({ name: 'x', public_key }))
    expect(error).toMatchObject({ status: 403, code: 'insufficient_usage_level' })
    // The way forward is in the message: the level needed, and the call that works below it.
    expect((error as Error).message).toMatch(
      /Premier or Market Maker usage level.*createApiKeyWithServerKey/,
    )
    const premier = await newAccount()
    const reader = await premier.addKey({ name: 'reader', scopes: ['read'] })
    const readOnly = clientFor(premier, {
      credentials: { keyId: reader.keyId, privateKey: reader.privateKeyPem },
    })
    await expect(readOnly.createApiKey({ name: 'x', public_key })).rejects.toMatchObject({
      status: 403,
      code: 'insufficient_scope',
    })
  })

  test('400 for a public key registered twice', async () => {
    const account = await newAccount()
    const client = clientFor(account)
    const public_key = await freshPublicKeyPem()
    await client.createApiKey({ name: 'first', public_key })
    await expect(client.createApiKey({ name: 'second', public_key })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_parameters',
    })
  })

  test('a 403 for a subtrader binding does not blame the usage level', async () => {
    const account = await newAccount({ usageLevel: 'basic' })
    const error = await rejection(
      clientFor(account).createApiKey({
        name: 'x',
        public_key: await freshPublicKeyPem(),
        fcm_subtrader_id: '123_ABC',
      }),
    )
    expect(error).toMatchObject({ status: 403 })
    expect((error as Error).message).not.toContain('createApiKeyWithServerKey')
  })

  test('500 is never retried for a POST', async () => {
    const account = await newAccount()
    await account.inject({
      status: 500,
      body: { error: { code: 'internal_server_error', message: 'boom' } },
      times: 3,
    })
    const error = await rejection(
      clientFor(account, { retry: 5 }).createApiKey({
        name: 'x',
        public_key: await freshPublicKeyPem(),
      }),
    )
    expect(error).toMatchObject({ status: 500, code: 'internal_server_error' })
    expect(await account.traffic()).toHaveLength(1)
  })

  test('a dropped connection is never re-sent by the SDK', async () => {
    const account = await newAccount()
    await account.inject({ action: 'drop' })
    const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
      globalThis.fetch(input, init),
    )
    const outcome = await clientFor(account, { fetch })
      .createApiKey({ name: 'x', public_key: await freshPublicKeyPem() })
      .catch((error: unknown) => error)
    expect(fetch).toHaveBeenCalledTimes(1)
    const traffic = await account.traffic()
    // Chromium itself replays a request, byte for byte, when a reused keep-alive connection
    // closes before any answer; Node does not. Whatever the server saw carries one signature.
    expect(new Set(traffic.map((entry) => entry.headers['kalshi-access-signature'])).size).toBe(1)
    if (isBrowser) return
    expect(outcome).toBeInstanceOf(KalshiNetworkError)
    expect(outcome).toMatchObject({ code: 'ERR_NETWORK' })
    expect(traffic).toHaveLength(1)
  })
})

describe('generateApiKey', () => {
  test('201: returns a PKCS#1 private key that imports and signs accepted calls', async () => {
    const account = await newAccount()
    const generated = await clientFor(account).generateApiKey({
      name: 'server',
      scopes: ['read', 'write'],
    })
    expect(generated.api_key_id).toMatch(UUID)
    expect(generated.private_key).toContain('-----BEGIN RSA PRIVATE KEY-----')
    const client = createClient({
      baseUrl: FAKE_API_URL,
      credentials: { keyId: generated.api_key_id, privateKey: generated.private_key },
    })
    const { api_keys } = await client.getApiKeys()
    expect(api_keys.map((key) => key.name).sort()).toEqual(['admin', 'server'])
  })

  test.each([
    [
      400,
      { error: { code: 'invalid_parameters', message: 'name too long' } },
      'invalid_parameters',
    ],
    [401, { error: { code: 'unauthorized', message: 'no' } }, 'unauthorized'],
    [500, { error: { code: 'internal_server_error', message: 'boom' } }, 'internal_server_error'],
  ])('%i is reported once, with its code', async (status, body, code) => {
    const account = await newAccount()
    await account.inject({ status, body, times: 3 })
    await expect(clientFor(account).generateApiKey({ name: 'x' })).rejects.toMatchObject({
      status,
      code,
    })
    expect(await account.traffic()).toHaveLength(1)
  })

  test('open to every usage level', async () => {
    for (const usageLevel of ['basic', 'advanced'] as const) {
      const account = await newAccount({ usageLevel })
      const { api_key_id } = await clientFor(account).generateApiKey({ name: 'x' })
      expect((await account.keys()).map((key) => key.api_key_id)).toContain(api_key_id)
    }
  })

  test('403 for fcm_subtrader_id from a caller who is no FCM member', async () => {
    const account = await newAccount()
    await expect(
      clientFor(account).generateApiKey({ name: 'x', fcm_subtrader_id: '123_ABC' }),
    ).rejects.toMatchObject({ status: 403 })
    expect(await account.keys()).toHaveLength(1)
  })

  test('409 while the subtrader is not yet visible; bound once it is, and that key is denied REST', async () => {
    const account = await newAccount({ fcm: true })
    const client = clientFor(account)
    await expect(
      client.generateApiKey({ name: 'x', fcm_subtrader_id: '123_ABC' }),
    ).rejects.toMatchObject({ status: 409 })
    await account.configure({ subtraders: ['123_ABC'], warning: 'no daily cap' })
    const bound = await client.generateApiKey({ name: 'x', fcm_subtrader_id: '123_ABC' })
    expect(bound.warning).toBe('no daily cap')
    const { api_keys } = await client.getApiKeys({ fcm_subtrader_id: '123_ABC' })
    expect(api_keys).toEqual([
      {
        api_key_id: bound.api_key_id,
        name: 'x',
        scopes: ['read', 'write'],
        fcm_subtrader_id: '123_ABC',
      },
    ])
    // A bound key is a FIX / margin WebSocket credential: every REST endpoint denies it.
    const asBound = clientFor(account, {
      credentials: { keyId: bound.api_key_id, privateKey: bound.private_key },
    })
    await expect(asBound.getApiKeys()).rejects.toMatchObject({ status: 401 })
  })
})

describe('deleteApiKey', () => {
  test('204: the key is gone', async () => {
    const account = await newAccount()
    const extra = await account.addKey({ name: 'extra' })
    await expect(clientFor(account).deleteApiKey(extra.keyId)).resolves.toBeUndefined()
    expect((await account.keys()).map((key) => key.api_key_id)).toEqual([account.keyId])
  })

  test('an id that needs escaping is sent percent-encoded and signed as sent', async () => {
    const account = await newAccount()
    await expect(clientFor(account).deleteApiKey('not a/uuid')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    })
    const [entry] = await account.traffic()
    expect(entry).toMatchObject({ url: '/trade-api/v2/api_keys/not%20a%2Fuuid', auth: 'valid' })
  })

  test('401 for a bad signature', async () => {
    const account = await newAccount()
    const other = await newAccount()
    const client = clientFor(account, {
      credentials: { keyId: account.keyId, privateKey: other.privateKeyPem },
    })
    await expect(client.deleteApiKey(crypto.randomUUID())).rejects.toMatchObject({ status: 401 })
  })

  test('404 for an unknown key, not retried', async () => {
    const account = await newAccount()
    const error = await rejection(clientFor(account).deleteApiKey(crypto.randomUUID()))
    expect(error).toMatchObject({ status: 404, code: 'not_found', method: 'DELETE' })
    expect(await account.traffic()).toHaveLength(1)
  })

  test('503 is retried, then the delete goes through', async () => {
    const account = await newAccount()
    const extra = await account.addKey({ name: 'extra' })
    await account.inject({ status: 503, body: 'Service Unavailable', contentType: 'text/html' })
    await clientFor(account).deleteApiKey(extra.keyId)
    expect((await account.traffic()).map((entry) => entry.status)).toEqual([503, 204])
  })

  test('500 surfaces once the retries are spent', async () => {
    const account = await newAccount()
    await account.inject({ status: 500, times: 3 })
    await expect(
      clientFor(account, { retry: 0 }).deleteApiKey(crypto.randomUUID()),
    ).rejects.toMatchObject({
      status: 500,
      code: 'http_500',
    })
  })
})

describe('createApiKeyWithDeviceKey', () => {
  test('makes the key on the device, registers only its public key, and returns working credentials', async () => {
    const account = await newAccount()
    const created = await clientFor(account).createApiKeyWithDeviceKey({
      name: 'browser',
      scopes: ['read', 'write'],
    })
    expect(created.api_key_id).toMatch(UUID)
    expect(created.credentials.keyId).toBe(created.api_key_id)
    expect(created.credentials.privateKey).toBe(created.keyPair.privateKey)
    expect(created.keyPair.privateKey.extractable).toBe(false)
    expect(created.publicKeyPem).toBe(await exportPublicKeyPem(created.keyPair.publicKey))

    const [post] = await account.traffic()
    expect(JSON.parse(post?.body ?? '')).toEqual({
      name: 'browser',
      scopes: ['read', 'write'],
      public_key: created.publicKeyPem,
    })

    const mine = createClient({ baseUrl: FAKE_API_URL, credentials: created.credentials })
    expect(mine.keyId).toBe(created.api_key_id)
    const { api_keys } = await mine.getApiKeys()
    expect(api_keys.map((key) => key.api_key_id)).toContain(created.api_key_id)
    const traffic = await account.traffic()
    expect(traffic.at(-1)).toMatchObject({
      auth: 'valid',
      status: 200,
      headers: { 'kalshi-access-key': created.api_key_id },
    })
  })

  test('honours modulusLength and extractable', async () => {
    const account = await newAccount()
    const created = await clientFor(account).createApiKeyWithDeviceKey({
      name: 'big',
      modulusLength: 3072,
      extractable: true,
    })
    expect(created.keyPair.privateKey.extractable).toBe(true)
    expect(created.keyPair.privateKey.algorithm).toMatchObject({ modulusLength: 3072 })
  })

  test('a refused registration rejects with the API error', async () => {
    const account = await newAccount({ usageLevel: 'basic' })
    await expect(clientFor(account).createApiKeyWithDeviceKey({ name: 'x' })).rejects.toMatchObject(
      {
        status: 403,
      },
    )
  })
})

describe('a relay-style baseUrl', () => {
  test('sends to the relay path but signs the canonical /trade-api/v2 path', async () => {
    const account = await newAccount()
    const client = clientFor(account, { baseUrl: FAKE_RELAY_URL })
    const extra = await account.addKey({ name: 'extra' })
    await client.getApiKeys()
    await client.deleteApiKey(extra.keyId)
    const traffic = await account.traffic()
    expect(traffic.map((entry) => [entry.url, entry.path, entry.auth])).toEqual([
      ['/relay/kalshi/api_keys', '/trade-api/v2/api_keys', 'valid'],
      [`/relay/kalshi/api_keys/${extra.keyId}`, `/trade-api/v2/api_keys/${extra.keyId}`, 'valid'],
    ])
  })

  test('a trailing slash on baseUrl changes nothing', async () => {
    const account = await newAccount()
    await clientFor(account, { baseUrl: `${FAKE_RELAY_URL}/` }).getApiKeys()
    expect((await account.traffic()).map((entry) => [entry.url, entry.auth])).toEqual([
      ['/relay/kalshi/api_keys', 'valid'],
    ])
  })
})

describe('isolation and credentials', () => {
  test('two clients with different keys never interfere', async () => {
    const [a, b] = await Promise.all([newAccount(), newAccount()])
    const clientA = clientFor(a)
    const clientB = clientFor(b)
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => (i % 2 ? clientA : clientB).getApiKeys()),
    )
    results.forEach((result, i) => {
      expect(result.api_keys.map((key) => key.api_key_id)).toEqual([(i % 2 ? a : b).keyId])
    })
    for (const account of [a, b]) {
      const traffic = await account.traffic()
      expect(traffic).toHaveLength(3)
      expect(new Set(traffic.map((entry) => entry.headers['kalshi-access-key']))).toEqual(
        new Set([account.keyId]),
      )
    }
  })

  test('a call that needs credentials fails with ERR_NO_CREDENTIALS before anything is sent', async () => {
    const fetch = vi.fn(globalThis.fetch)
    const client = createClient({ baseUrl: FAKE_API_URL, fetch })
    expect(client.keyId).toBeUndefined()
    for (const call of [
      () => client.getApiKeys(),
      () => client.deleteApiKey('x'),
      () => client.generateApiKey({ name: 'x' }),
      () => client.createApiKeyWithDeviceKey({ name: 'x' }),
    ]) {
      const error = await rejection(call())
      expect(error).toBeInstanceOf(KalshiError)
      expect(error).toMatchObject({ code: 'ERR_NO_CREDENTIALS' })
    }
    expect(fetch).not.toHaveBeenCalled()
  })

  test('a bad PEM in createClient fails every call with the KalshiKeyError, nothing sent', async () => {
    const fetch = vi.fn(globalThis.fetch)
    const client = createClient({
      baseUrl: FAKE_API_URL,
      fetch,
      credentials: { keyId: 'k', privateKey: 'not a key' },
    })
    for (let i = 0; i < 2; i++) {
      const error = await rejection(client.getApiKeys())
      expect(error).toBeInstanceOf(KalshiKeyError)
      expect(error).toMatchObject({ code: 'ERR_KEY_FORMAT' })
    }
    expect(fetch).not.toHaveBeenCalled()
  })

  test('a custom fetch carries every request, even the unbound global fetch', async () => {
    const account = await newAccount()
    const fetch = vi.fn(globalThis.fetch)
    await clientFor(account, { fetch }).getApiKeys()
    await clientFor(account, { fetch: globalThis.fetch }).getApiKeys()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect((await account.traffic()).map((entry) => entry.status)).toEqual([200, 200])
  })
})

describe('responses', () => {
  test('extra fields and scopes we do not know yet pass and are kept', async () => {
    const account = await newAccount()
    const key = {
      api_key_id: 'k1',
      name: 'n',
      scopes: ['read', 'write::future_thing'],
      subaccount: null,
      new_field: 1,
    }
    await account.inject({
      status: 200,
      body: { api_keys: [key], api_key_region_expiration_ts: 1700000000, more: true },
    })
    const response = await clientFor(account).getApiKeys()
    expect(response).toEqual({
      api_keys: [key],
      api_key_region_expiration_ts: 1700000000,
      more: true,
    })
  })

  test.each([
    ['a wrong shape', { api_keys: 'none' }],
    ['a key without an id', { api_keys: [{ name: 'n', scopes: [] }] }],
    ['not JSON', '<html><body>Maintenance</body></html>'],
    ['an empty body', ''],
  ])('%s is ERR_INVALID_RESPONSE', async (_, body) => {
    const account = await newAccount()
    await account.inject({ status: 200, body })
    const error = await rejection(clientFor(account).getApiKeys())
    expect(error).toBeInstanceOf(KalshiValidationError)
    expect(error).toMatchObject({ code: 'ERR_INVALID_RESPONSE' })
  })

  test('a create response without an id is ERR_INVALID_RESPONSE', async () => {
    const account = await newAccount()
    await account.inject({ status: 201, body: { warning: 'x' } })
    await expect(
      clientFor(account).createApiKey({ name: 'x', public_key: await freshPublicKeyPem() }),
    ).rejects.toMatchObject({
      code: 'ERR_INVALID_RESPONSE',
      issues: [expect.objectContaining({ path: ['api_key_id'] })],
    })
  })
})

describe('error bodies in every shape', () => {
  test.each([
    [
      401,
      { error: { code: 'header_timestamp_expired', message: 'too old', details: 'skew 70s' } },
      'header_timestamp_expired',
      'too old',
      'skew 70s',
    ],
    [
      400,
      { code: 'missing_parameters', message: 'name is required' },
      'missing_parameters',
      'name is required',
      undefined,
    ],
    [429, { error: 'too many requests' }, 'http_429', 'too many requests', undefined],
    [500, { msg: 'something broke' }, 'http_500', 'something broke', undefined],
    [
      400,
      { error: { code: 'invalid_parameter: name too long', message: 'bad' } },
      'invalid_parameter',
      'invalid_parameter: name too long',
      undefined,
    ],
    [
      502,
      '<html><title>502 Bad Gateway</title></html>',
      'http_502',
      'the body was not a Kalshi error',
      undefined,
    ],
    [503, '', 'http_503', 'HTTP 503', undefined],
  ])('%i %j → %s', async (status, body, code, message, details) => {
    const account = await newAccount()
    await account.inject({
      status,
      body,
      ...(typeof body === 'string' && { contentType: 'text/html' }),
    })
    // Without clock correction, which would resend the refused-timestamp row (see clock.test.ts).
    const client = clientFor(account, { retry: 0, correctClockSkew: false })
    const error = await rejection(client.getApiKeys())
    expect(error).toBeInstanceOf(KalshiApiError)
    expect(error).toMatchObject({
      status,
      code,
      details,
      method: 'GET',
      path: '/trade-api/v2/api_keys',
    })
    expect((error as Error).message).toContain(message)
    expect((error as Error).message).toContain('GET /trade-api/v2/api_keys')
  })
})
