// The README's security promises, under attack: key material never leaves through any field, what
// a server echoes back is redacted in every encoding, answers are bounded, and one key policy
// holds everywhere a CryptoKey is taken.
import fc from 'fast-check'
import { describe, expect, test, vi } from 'vitest'
import {
  createClient,
  exportPrivateKeyPem,
  generateKeyPair,
  isKalshiError,
  KalshiApiError,
  type KalshiClient,
  signRequest,
} from '../src/index.js'
import { FAKE_API_URL, newAccount } from './support/fake.js'
import { smallRsaKeyPair } from './support/keys.js'

const isNode = typeof window === 'undefined'
const key = (await generateKeyPair({ keyType: 'ed25519' })).privateKey

/** Every way an error is commonly rendered, util.inspect included where there is one. */
async function renderings(error: unknown): Promise<string> {
  const e = error as Error
  const inspect = isNode ? (await import('node:util')).inspect : undefined
  return [
    e.message,
    String(e),
    JSON.stringify(e),
    e.stack ?? '',
    inspect ? inspect(e, { depth: 10 }) : '',
    JSON.stringify((e as KalshiApiError).details ?? null),
  ].join('\n')
}

const toHex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
// Random bytes as a key has them: from a seed, so that shrinking makes a smaller seed, not a key of
// zeros (which no key is, and which would look like nothing at all).
const bytes = (length: number) =>
  fc.integer().map((seed) => {
    let x = seed | 1
    return Uint8Array.from({ length }, () => {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      return x & 0xff
    })
  })

/** Windows of `size` characters of `text`, every one of which must stay out of the renderings. */
function windows(text: string, size = 16): string[] {
  const out: string[] = []
  for (let at = 0; at + size <= text.length; at += 4) out.push(text.slice(at, at + size))
  return out
}

// Key material as it would be pasted: random bytes that look like a key in each common encoding.
const keyMaterial = fc
  .oneof(
    bytes(48).map((b) => `-----BEGIN PRIVATE KEY-----\n${toBase64(b)}\n-----END PRIVATE KEY-----`),
    bytes(48).map(toBase64), // an Ed25519 PKCS#8 body, bare
    bytes(32).map(toBase64), // a 32-byte secret
    bytes(32).map((b) => toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
    bytes(32).map(toHex),
    bytes(20).map((b) => toHex(b).match(/../g)?.join(':') ?? ''),
  )
  .filter((text) => /[A-Z]/.test(text) || !/[g-z]/i.test(text)) // base64 mixes cases; hex is hex

describe('no key material leaves through any field', () => {
  function offline() {
    const fetch = vi.fn<typeof globalThis.fetch>()
    return {
      fetch,
      client: createClient({
        baseUrl: 'http://127.0.0.1:9/trade-api/v2',
        fetch,
        credentials: { keyId: 'k', privateKey: key },
      }),
    }
  }
  const fields: [string, (client: KalshiClient, text: string) => Promise<unknown>][] = [
    ['name', (c, text) => c.generateApiKey({ name: `my ${text} key` })],
    [
      'fcm_subtrader_id',
      (c, text) => c.generateApiKey({ name: 'x', fcm_subtrader_id: `${text}_A1` }),
    ],
    ['the fcm_subtrader_id query', (c, text) => c.getApiKeys({ fcm_subtrader_id: `${text}_A1` })],
    ['a path id', (c, text) => c.deleteApiKey(text)],
    [
      'a local key’s name',
      (c, text) => c.createApiKeyWithLocalKey({ name: text, keyType: 'ed25519' }),
    ],
    ['a server key’s name', (c, text) => c.generateApiKeyCredentials({ name: text })],
  ]

  test.each(fields)('%s: refused before sending, and never echoed', async (_, call) => {
    await fc.assert(
      fc.asyncProperty(keyMaterial, async (text) => {
        const { client, fetch } = offline()
        const error = await call(client, text).catch((caught: unknown) => caught)
        expect(error).toMatchObject({ code: 'ERR_INVALID_REQUEST' })
        expect(fetch).not.toHaveBeenCalled()
        const rendered = await renderings(error)
        for (const part of windows(text.replace(/-----[^-]+-----|\s/g, '')))
          expect(rendered).not.toContain(part)
      }),
      { numRuns: 40 },
    )
  })

  test('a baseUrl with key material in it is refused, and never echoed; nor is any bad baseUrl', async () => {
    await fc.assert(
      fc.asyncProperty(keyMaterial, async (text) => {
        let error: unknown
        try {
          createClient({
            baseUrl: `https://relay.example/${encodeURIComponent(text)}/trade-api/v2`,
          })
        } catch (caught) {
          error = caught
        }
        expect(error).toMatchObject({ code: 'ERR_INVALID_REQUEST' })
        const rendered = await renderings(error)
        for (const part of windows(encodeURIComponent(text))) expect(rendered).not.toContain(part)
      }),
      { numRuns: 40 },
    )
    let error: unknown
    try {
      createClient({ baseUrl: 'http://[not a url' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(TypeError)
    expect(String(error)).not.toContain('not a url')
  })

  test('validation messages never contain the value received', async () => {
    const { client } = offline()
    const secret = 'Zq8Xv2Lp9Kw3Rt6Ym1Nb'
    const errors = await Promise.all([
      client.generateApiKey(secret as never).catch((e: unknown) => e),
      client
        .generateApiKey({ name: 42, [`${secret}${secret}`]: 1 } as never)
        .catch((e: unknown) => e),
      client.getApiKeys({ fcm_subtrader_id: [secret] } as never).catch((e: unknown) => e),
      client.deleteApiKey({ id: secret } as never).catch((e: unknown) => e),
    ])
    for (const error of errors) {
      expect(error).toMatchObject({ code: 'ERR_INVALID_REQUEST' })
      const rendered = `${await renderings(error)}\n${JSON.stringify((error as { issues: unknown }).issues)}`
      expect(rendered).not.toContain(secret)
    }
  })
})

describe('what a server echoes back is redacted, in every encoding', () => {
  // How a server, a proxy or a logger might echo a value.
  const echo = fc.constantFrom(
    (s: string) => s,
    (s: string) => s.replace(/=+$/, ''),
    (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    (s: string) => encodeURIComponent(s),
    (s: string) =>
      encodeURIComponent(s).replace(/%[\dA-F]{2}/g, (percent) => percent.toLowerCase()),
    (s: string) => toHex(Uint8Array.from(atob(s), (c) => c.charCodeAt(0))),
    (s: string) => toHex(Uint8Array.from(atob(s), (c) => c.charCodeAt(0))).toUpperCase(),
    (s: string) => (s.match(/.{1,64}/g) ?? []).join('\n    '),
    (s: string) => (s.match(/.{1,76}/g) ?? []).join('\r\n'),
    (s: string) =>
      `-----BEGIN SIGNATURE-----\n${(s.match(/.{1,64}/g) ?? []).join('\n')}\n-----END SIGNATURE-----`,
  )
  // Where in the answer the echo goes.
  const place = fc.constantFrom(
    (e: string) => ({ error: { code: 'authentication_error', message: `bad signature ${e}` } }),
    (e: string) => ({ error: { code: 'authentication_error', details: { got: e } } }),
    (e: string) => ({ error: { code: 'authentication_error', details: { [e]: 'as a key' } } }),
    (e: string) => ({ error: { code: 'x', details: [[{ deep: [e] }]] } }),
    (e: string) => ({ code: 'x', message: `${'padding '.repeat(30)}${e}` }),
    (e: string) => ({ error: e }),
    (e: string) => ({ msg: e }),
  )

  test('the request’s own signature, and a private key, echoed anyhow: no rendering shows them', async () => {
    const pair = await generateKeyPair({ keyType: 'ed25519', extractable: true })
    const pem = await exportPrivateKeyPem(pair.privateKey)
    const pemBody = pem.replace(/-----[^-]+-----|\s/g, '')
    await fc.assert(
      fc.asyncProperty(echo, place, fc.boolean(), async (encode, wrap, echoKey) => {
        let sent = ''
        const client = createClient({
          baseUrl: 'http://127.0.0.1:9/trade-api/v2',
          retry: 0,
          credentials: { keyId: 'k', privateKey: pair.privateKey },
          fetch: async (input) => {
            sent = (input as Request).headers.get('KALSHI-ACCESS-SIGNATURE') ?? ''
            const echoed = encode(echoKey ? pemBody : sent)
            return new Response(JSON.stringify(wrap(echoed)), { status: 401 })
          },
        })
        const error = await client.getApiKeys().catch((caught: unknown) => caught)
        expect(error).toBeInstanceOf(KalshiApiError)
        const rendered = await renderings(error)
        const secret = echoKey ? pemBody : sent
        const hex = toHex(Uint8Array.from(atob(secret), (c) => c.charCodeAt(0)))
        for (const part of [...windows(secret), ...windows(hex)])
          expect(rendered.toLowerCase()).not.toContain(part.toLowerCase())
      }),
      { numRuns: 150 },
    )
  })

  test('the code is a short strict token, or http_<status>', async () => {
    const { privateKey } = await generateKeyPair({ keyType: 'ed25519' })
    const answer = (code: unknown) =>
      createClient({
        baseUrl: 'http://127.0.0.1:9/trade-api/v2',
        retry: 0,
        credentials: { keyId: 'k', privateKey },
        fetch: async () => new Response(JSON.stringify({ error: { code } }), { status: 400 }),
      })
        .getApiKeys()
        .catch((error: KalshiApiError) => error.code)
    expect(await answer('invalid_parameters')).toBe('invalid_parameters')
    expect(await answer('invalid_parameter: name')).toBe('invalid_parameter')
    expect(await answer('a'.repeat(65))).toBe('http_400')
    expect(await answer('-----BEGIN PRIVATE KEY-----')).toBe('http_400')
    expect(await answer(42)).toBe('http_400')
  })
})

describe('answers are bounded', () => {
  test('a body over maxResponseBytes is cancelled as it streams: ERR_INVALID_RESPONSE, the connection let go', async () => {
    const account = await newAccount()
    await account.inject({
      status: 200,
      body: 'x'.repeat(1000),
      repeat: 64,
      contentType: 'application/json',
    })
    const client = createClient({
      baseUrl: FAKE_API_URL,
      maxResponseBytes: 4096,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    })
    const error = await client.getApiKeys().catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'ERR_INVALID_RESPONSE' })
    expect((error as Error).message).toContain('over 4096 bytes')
    expect(await account.traffic()).toHaveLength(1)
  })

  test('the default limit is 4 MiB, for error answers too, which then carry only their status', async () => {
    const account = await newAccount()
    await account.inject({ status: 400, body: 'y'.repeat(60_000), repeat: 80 }) // 4.8 MB
    const client = createClient({
      baseUrl: FAKE_API_URL,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    })
    const error = await client.getApiKeys().catch((caught: unknown) => caught)
    expect(error).toMatchObject({ status: 400, code: 'http_400' })
    expect((error as Error).message.length).toBeLessThan(300)
  })

  test('deeply nested details and a megabyte message: a KalshiApiError, bounded, no RangeError', async () => {
    const depth = 100_000
    const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    for (const body of [
      `{"error":{"code":"deep","message":"m","details":${nested}}}`,
      `{"error":{"code":"long","message":"${'Ab1'.repeat(400_000)}"}}`,
      `{"error":{"code":"wide","details":{${Array.from({ length: 5000 }, (_, i) => `"k${i}":${i}`).join(',')}}}}`,
    ]) {
      const client = createClient({
        baseUrl: 'http://127.0.0.1:9/trade-api/v2',
        retry: 0,
        credentials: {
          keyId: 'k',
          privateKey: (await generateKeyPair({ keyType: 'ed25519' })).privateKey,
        },
        fetch: async () => new Response(body, { status: 400 }),
      })
      const error = await client.getApiKeys().catch((caught: unknown) => caught)
      expect(isKalshiError(error), String(error)).toBe(true)
      expect((error as Error).message.length).toBeLessThan(1200)
      expect(JSON.stringify(error).length).toBeLessThan(20_000)
    }
  })
})

describe('one key policy wherever a CryptoKey is taken', () => {
  const rsa1024 = smallRsaKeyPair()

  test('RSA under 2048 bits: createClient and signRequest refuse it with ERR_KEY_TOO_SMALL', async () => {
    const { privateKey } = await rsa1024
    expect(() => createClient({ credentials: { keyId: 'k', privateKey } })).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_TOO_SMALL' }),
    )
    await expect(
      signRequest({ keyId: 'k', privateKey }, { method: 'GET', path: '/trade-api/v2/api_keys' }),
    ).rejects.toMatchObject({ code: 'ERR_KEY_TOO_SMALL' })
  })

  test('a public key or a verify-only key given to createClient fails there, not at the first call', async () => {
    const { publicKey } = await generateKeyPair({ keyType: 'ed25519' })
    expect(() => createClient({ credentials: { keyId: 'k', privateKey: publicKey } })).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }),
    )
  })
})
