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
} from '../../src/index.js'
import { builds } from '../support/builds.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'
import { smallRsaKeyPair } from '../support/keys.js'

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
// Key material as it gets pasted: a PEM, the base64 of a key's DER (48 bytes for Ed25519, more for
// RSA), the base64url of a JWK member, hex. The screen tells a base64 run from a path or a slug by
// its separators (about 3 in 100 characters in random base64): shorter secrets with several "-"
// or "_" can pass for a slug, and the README says so. The seed is fixed, so that a run is
// repeatable; every input is still random.
const keyMaterial = fc.oneof(
  bytes(48).map((b) => `-----BEGIN PRIVATE KEY-----\n${toBase64(b)}\n-----END PRIVATE KEY-----`),
  bytes(48).map(toBase64),
  bytes(64).map(toBase64),
  bytes(64).map((b) => toBase64(b).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
  bytes(16).map(toHex),
  bytes(32).map((b) => toHex(b).toUpperCase()),
  bytes(20).map((b) => toHex(b).match(/../g)?.join(':') ?? ''),
)
const SEED = 20261126

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
      (c, text) => c.createApiKeyWithDeviceKey({ name: text, keyType: 'ed25519' }),
    ],
    ['a server key’s name', (c, text) => c.createApiKeyWithServerKey({ name: text })],
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
      { numRuns: 40, seed: SEED },
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
      { numRuns: 40, seed: SEED },
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

  test('names, subtrader ids and relay URLs of words and numbers are sent, not taken for keys', async () => {
    const word = fc.stringMatching(/^(?:[A-Z][a-z]{2,9}|[a-z]{2,10}|[A-Z]{2,8}|\d{1,4})$/)
    const joined = (separator: fc.Arbitrary<string>) =>
      fc
        .tuple(fc.array(word, { minLength: 2, maxLength: 8 }), separator)
        .map(([words, sep]) => words.join(sep))
    const uuid = fc.uuid()
    const values = fc.record({
      name: joined(fc.constantFrom(' ', '-', '_', '')),
      subtrader: fc
        .tuple(uuid, fc.stringMatching(/^[A-Za-z0-9]{1,16}$/))
        .map(([id, suffix]) => `${id}_${suffix}`),
      relay: fc
        .tuple(joined(fc.constantFrom('-', '')), joined(fc.constant('/')))
        .map(
          ([host, path]) => `https://${host.toLowerCase() || 'relay'}.example/${path}/trade-api/v2`,
        ),
    })
    await fc.assert(
      fc.asyncProperty(values, async ({ name, subtrader, relay }) => {
        let sent = ''
        const client = createClient({
          baseUrl: relay,
          credentials: { keyId: 'k', privateKey: key },
          fetch: async (input) => {
            sent = await (input as Request).text()
            return new Response(JSON.stringify({ api_key_id: 'k', private_key: 'p' }), {
              status: 201,
            })
          },
        })
        await client.generateApiKey({ name, fcm_subtrader_id: subtrader })
        expect(JSON.parse(sent)).toEqual({ name, fcm_subtrader_id: subtrader })
      }),
      { numRuns: 100, seed: SEED },
    )
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
    // Both kinds of key: an Ed25519 signature is 88 characters of base64, an RSA one 344.
    const pairs = await Promise.all(
      (['ed25519', 'rsa'] as const).map(async (keyType) => {
        const pair = await generateKeyPair({ keyType, extractable: true })
        const pem = await exportPrivateKeyPem(pair.privateKey)
        return { privateKey: pair.privateKey, pemBody: pem.replace(/-----[^-]+-----|\s/g, '') }
      }),
    )
    // Where the server text is cut (1,000 characters), a secret may stand across the cut.
    const padding = fc.oneof(fc.constant(0), fc.integer({ min: 880, max: 1100 }))
    await fc.assert(
      fc.asyncProperty(
        echo,
        place,
        fc.boolean(),
        fc.nat(1),
        padding,
        async (encode, wrap, echoKey, which, pad) => {
          const { privateKey, pemBody } = pairs[which] as (typeof pairs)[number]
          let sent = ''
          const client = createClient({
            baseUrl: 'http://127.0.0.1:9/trade-api/v2',
            retry: 0,
            credentials: { keyId: 'k', privateKey },
            fetch: async (input) => {
              sent = (input as Request).headers.get('KALSHI-ACCESS-SIGNATURE') ?? ''
              const echoed = 'x'.repeat(pad) + encode(echoKey ? pemBody : sent)
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
        },
      ),
      { numRuns: 200 },
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
  test('a body over maxResponseBytes: ERR_INVALID_RESPONSE, the request made once', async () => {
    const account = await newAccount()
    await account.inject({
      status: 200,
      body: 'x'.repeat(50_000),
      repeat: 1000,
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

  test('an endless body is read only up to the limit, then cancelled', async () => {
    let pulled = 0
    let cancelled = false
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1024).fill(0x20))
      },
      cancel() {
        cancelled = true
      },
    })
    const client = createClient({
      baseUrl: 'http://127.0.0.1:9/trade-api/v2',
      maxResponseBytes: 10_000,
      credentials: { keyId: 'k', privateKey: key },
      fetch: async () => new Response(endless, { status: 200 }),
    })
    await expect(client.getApiKeys()).rejects.toMatchObject({ code: 'ERR_INVALID_RESPONSE' })
    expect(cancelled).toBe(true)
    expect(pulled).toBeLessThan(20) // 10 chunks make the limit; a stream may pull a few ahead
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

// Issue 17: the promises a second adversarial review broke, each held to its word.
describe('copy once, then check and send the copy', () => {
  const pemOf = async () =>
    exportPrivateKeyPem(
      (await generateKeyPair({ keyType: 'ed25519', extractable: true })).privateKey,
    )
  const derOf = async () => {
    const pem = await pemOf()
    return Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0))
  }
  function recording() {
    const sent: { url: string; body: string; key: string | null }[] = []
    const fetch = vi.fn<typeof globalThis.fetch>(async (input) => {
      const request = input as Request
      sent.push({
        url: request.url,
        body: await request.text(),
        key: request.headers.get('KALSHI-ACCESS-KEY'),
      })
      return new Response('{}', { status: 200 })
    })
    return { sent, fetch }
  }
  const clientWith = (
    fetch: typeof globalThis.fetch,
    baseUrl = 'http://127.0.0.1:9/trade-api/v2',
  ) => createClient({ baseUrl, fetch, retry: 0, credentials: { keyId: 'k', privateKey: key } })

  test('client.request: a key’s DER as hex or base64 in the query or the body is refused (item 6)', async () => {
    const der = await derOf()
    const { fetch } = recording()
    const client = clientWith(fetch)
    const forms = [toHex(der), toHex(der).toUpperCase(), toBase64(der), `x${toBase64(der)}`]
    for (const text of forms) {
      for (const call of [
        { searchParams: { q: text } },
        { json: { note: text } },
        { json: { deep: [{ note: `see ${text}` }] } },
      ])
        await expect(
          client.request({ method: 'POST', path: '/portfolio/orders', ...call }),
        ).rejects.toMatchObject({ code: 'ERR_INVALID_REQUEST' })
    }
    expect(fetch).not.toHaveBeenCalled()
    // A long base64 cursor is not a key: it is sent.
    const cursor = toBase64(Uint8Array.from({ length: 60 }, (_, i) => (i * 37 + 11) & 0xff))
    await client.request({ method: 'GET', path: '/markets', searchParams: { cursor } })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  test('a value read twice cannot change between the check and the send (item 7)', async () => {
    const pem = await pemOf()
    const { sent, fetch } = recording()
    const client = clientWith(fetch)
    let reads = 0
    const attempts = [
      // A query value whose toString is the PEM.
      client.request({
        method: 'GET',
        path: '/markets',
        searchParams: { q: { toString: () => pem } as never },
      }),
      // A URLSearchParams holding the PEM.
      client.request({
        method: 'GET',
        path: '/markets',
        searchParams: new URLSearchParams({ q: pem }) as never,
      }),
      // A body whose toJSON changes between reads.
      client.request({
        method: 'POST',
        path: '/portfolio/orders',
        json: { toJSON: () => (reads++ === 0 ? { ok: 1 } : { pem }) },
      }),
    ]
    for (const attempt of attempts) await attempt.catch(() => undefined)
    for (const { url, body } of sent) {
      expect(decodeURIComponent(url)).not.toContain('PRIVATE KEY')
      expect(body).not.toContain('PRIVATE KEY')
    }
    // A baseUrl whose toString changes after it was checked.
    const hex = toHex(await derOf())
    let calls = 0
    const shifty = {
      toString: () =>
        calls++ === 0
          ? 'http://127.0.0.1:9/trade-api/v2'
          : `http://127.0.0.1:9/${hex}/trade-api/v2`,
    }
    try {
      await clientWith(fetch, shifty as never).getApiKeys()
    } catch {}
    for (const { url } of sent) expect(url).not.toContain(hex.slice(0, 32))
  })

  test('credentials are read once: client.keyId is the key that signs (item 8)', async () => {
    const reads: Record<string, number> = { keyId: 0, privateKey: 0 }
    const credentials = {
      get keyId() {
        reads.keyId = (reads.keyId ?? 0) + 1
        return (reads.keyId ?? 0) <= 2 ? 'real-id' : 'decoy-id'
      },
      get privateKey() {
        reads.privateKey = (reads.privateKey ?? 0) + 1
        return key
      },
    }
    const { sent, fetch } = recording()
    const client = createClient({ baseUrl: 'http://127.0.0.1:9/trade-api/v2', fetch, credentials })
    await client.getApiKeys().catch(() => undefined)
    expect(sent[0]?.key).toBe(client.keyId)
    expect(reads).toEqual({ keyId: 1, privateKey: 1 })
  })

  test('a path percent-encoding a letter, digit or -._~ is refused, as signRequest does (item 10)', async () => {
    const { fetch } = recording()
    const client = clientWith(fetch)
    for (const path of ['/markets/%41BC', '/markets/A%7EB', '/markets/A%2DB', '/markets/%33x'])
      await expect(client.request({ method: 'GET', path })).rejects.toMatchObject({
        code: 'ERR_INVALID_REQUEST',
      })
    expect(fetch).not.toHaveBeenCalled()
    await client.request({ method: 'GET', path: '/markets/A%20B' }) // a space stays encoded
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  test('hex with separators is key material too: spaces between bytes, groups of 4 (item 13)', async () => {
    const der = await derOf()
    const hex = toHex(der)
    const { fetch } = recording()
    const client = clientWith(fetch)
    const forms = [
      hex.match(/../g)?.join(' ') ?? '',
      hex.match(/..../g)?.join(' ') ?? '',
      hex.toUpperCase().match(/..../g)?.join('-') ?? '',
      hex.match(/../g)?.join('\n') ?? '',
    ]
    for (const text of forms) {
      await expect(client.generateApiKey({ name: text })).rejects.toMatchObject({
        code: 'ERR_INVALID_REQUEST',
      })
      await expect(
        client.request({ method: 'POST', path: '/x', json: { text } }),
      ).rejects.toMatchObject({ code: 'ERR_INVALID_REQUEST' })
    }
    expect(fetch).not.toHaveBeenCalled()
    // A UUID is not hex in groups.
    await client.deleteApiKey('a952bcbe-ec3b-4b5b-b8f9-11dae589608c')
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})

describe('redaction, second review (item 9)', () => {
  const failing = (answer: (signature: string) => unknown, status = 401) => {
    let signature = ''
    const client = createClient({
      baseUrl: 'http://127.0.0.1:9/trade-api/v2',
      retry: 0,
      credentials: { keyId: 'k', privateKey: key },
      fetch: async (input) => {
        signature = (input as Request).headers.get('KALSHI-ACCESS-SIGNATURE') ?? ''
        return new Response(JSON.stringify(answer(signature)), { status })
      },
    })
    return { client, signature: () => signature }
  }

  test('a code that is a key or the echoed signature is not kept, not even its leading run', async () => {
    const pem = await exportPrivateKeyPem(
      (await generateKeyPair({ keyType: 'ed25519', extractable: true })).privateKey,
    )
    const url = pem
      .replace(/-----[^-]+-----|\s/g, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
    const asKey = failing(() => ({ error: { code: url.replace(/=+$/, '') } }), 400)
    const error = (await asKey.client.getApiKeys().catch((e: unknown) => e)) as KalshiApiError
    expect(error.code).toBe('http_400')
    for (const part of windows(url, 12)) expect(await renderings(error)).not.toContain(part)

    for (let round = 0; round < 20; round++) {
      const echoed = failing((signature) => ({ error: { code: signature } }))
      const e = (await echoed.client.getApiKeys().catch((x: unknown) => x)) as KalshiApiError
      expect(e.code).toBe('http_401')
      const rendered = await renderings(e)
      for (const part of echoed.signature().split(/[+/=]/))
        if (part.length >= 12) expect(rendered).not.toContain(part.slice(0, 12))
    }
  })

  test('a signature echoed with + / = as HTML entities is redacted too', async () => {
    for (const entities of [
      { '+': '&#43;', '/': '&#47;', '=': '&#61;' },
      { '+': '&#x2B;', '/': '&#x2f;', '=': '&#x3D;' },
      { '+': '&plus;', '/': '&sol;', '=': '&equals;' },
    ]) {
      for (let round = 0; round < 10; round++) {
        const encode = (s: string) => s.replace(/[+/=]/g, (c) => entities[c as '+' | '/' | '='])
        const echoed = failing((signature) => ({
          error: {
            code: 'authentication_error',
            message: `bad ${encode(signature)}`,
            details: { got: encode(signature) },
          },
        }))
        const e = await echoed.client.getApiKeys().catch((x: unknown) => x)
        const rendered = await renderings(e)
        for (const part of echoed.signature().split(/[+/=]/))
          if (part.length >= 12) expect(rendered).not.toContain(part.slice(0, 12))
      }
    }
  })

  test('issues[].path from a caller’s schema holds no echoed signature or PEM body', async () => {
    const pem = await exportPrivateKeyPem(
      (await generateKeyPair({ keyType: 'ed25519', extractable: true })).privateKey,
    )
    const body = pem.replace(/-----[^-]+-----|\s/g, '')
    const { signature, client } = (() => {
      let sent = ''
      const c = createClient({
        baseUrl: 'http://127.0.0.1:9/trade-api/v2',
        credentials: { keyId: 'k', privateKey: key },
        fetch: async (input) => {
          sent = (input as Request).headers.get('KALSHI-ACCESS-SIGNATURE') ?? ''
          return Response.json({ [sent]: 'x', [body]: 'y' })
        },
      })
      return { signature: () => sent, client: c }
    })()
    const v = await import('valibot')
    const viaRecord = await client
      .request({ method: 'GET', path: '/x', schema: v.record(v.string(), v.number()) })
      .catch((e: unknown) => e)
    const standard = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: (value: unknown) => ({
          issues: Object.keys(value as object).map((k) => ({
            message: 'no',
            path: [k, { key: k }],
          })),
        }),
      },
    }
    const viaStandard = await client
      .request({ method: 'GET', path: '/x', schema: standard })
      .catch((e: unknown) => e)
    for (const error of [viaRecord, viaStandard]) {
      expect(error).toMatchObject({ code: 'ERR_INVALID_RESPONSE' })
      const shown = `${await renderings(error)}\n${JSON.stringify((error as { issues: unknown }).issues)}`
      for (const part of [...windows(signature()), ...windows(body)])
        expect(shown).not.toContain(part)
    }
  })
})

// Run against every shipped file too: a bundler takes a regular expression literal's `exec` for
// free of side effects and drops it, which left every build but the source holding the PEM.
describe.each(builds)('no PEM left in the legacy RegExp statics (item 4): $name', ({ load }) => {
  const statics = () => {
    const R = RegExp as unknown as Record<string, string>
    return ['input', '$_', 'lastMatch', 'leftContext', 'rightContext', '$1', '$2']
      .map((name) => R[name] ?? '')
      .join('\n')
  }
  const bodyOf = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '')

  test('after importPrivateKey, createClient and createApiKeyWithServerKey', async () => {
    const { createClient, importPrivateKey } = await load()
    for (const keyType of ['ed25519', 'rsa'] as const) {
      const pem = await exportPrivateKeyPem(
        (await generateKeyPair({ keyType, extractable: true })).privateKey,
      )
      const body = bodyOf(pem)
      // This test's own matches end here: whatever the statics hold from now on, the SDK left.
      void /x/.exec('x')
      await importPrivateKey(pem)
      for (const part of windows(body)) expect(statics()).not.toContain(part)

      const client = createClient({
        baseUrl: 'http://127.0.0.1:9/trade-api/v2',
        credentials: { keyId: 'k', privateKey: pem },
        fetch: async () =>
          Response.json(
            { api_key_id: 'new', key_type: keyType, private_key: pem },
            { status: 201 },
          ),
      })
      await client.getApiKeys().catch(() => undefined)
      for (const part of windows(body)) expect(statics()).not.toContain(part)
      await client.createApiKeyWithServerKey({ name: 'x', keyType })
      for (const part of windows(body)) expect(statics()).not.toContain(part)
    }
  })
})

describe('one key policy, read from the key itself (item 11)', () => {
  test('an own property cannot make RSA-1024 pass for 2048, or an extractable key pass for not', async () => {
    const { privateKey } = await smallRsaKeyPair()
    Object.defineProperty(privateKey, 'algorithm', {
      value: { name: 'RSA-PSS', hash: { name: 'SHA-256' }, modulusLength: 2048 },
    })
    await expect(
      signRequest({ keyId: 'k', privateKey }, { method: 'GET', path: '/trade-api/v2/api_keys' }),
    ).rejects.toMatchObject({ code: 'ERR_KEY_TOO_SMALL' })
    expect(() => createClient({ credentials: { keyId: 'k', privateKey } })).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_TOO_SMALL' }),
    )
    // An Ed25519 key dressed up as RSA, or a verify key as a signing one, is judged as it is.
    const { publicKey } = await generateKeyPair({ keyType: 'ed25519' })
    Object.defineProperty(publicKey, 'type', { value: 'private' })
    Object.defineProperty(publicKey, 'usages', { value: ['sign'] })
    expect(() => createClient({ credentials: { keyId: 'k', privateKey: publicKey } })).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }),
    )
    // Not a CryptoKey at all, whatever its tag says.
    const fake = {
      [Symbol.toStringTag]: 'CryptoKey',
      type: 'private',
      algorithm: { name: 'Ed25519' },
      usages: ['sign'],
      extractable: false,
    }
    expect(() => createClient({ credentials: { keyId: 'k', privateKey: fake as never } })).toThrow(
      TypeError,
    )
  })
})

describe('the request screen, as a property (items 6 and 13)', () => {
  test('a private key’s DER in any encoding, anywhere in a query or a body, is refused; random cursors pass', async () => {
    const pkcs8 = async (keyType: 'ed25519' | 'rsa') => {
      const pem = await exportPrivateKeyPem(
        (await generateKeyPair({ keyType, extractable: true })).privateKey,
        keyType === 'rsa' ? { format: 'pkcs1' } : {},
      )
      return Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0))
    }
    const ders = [await pkcs8('ed25519'), await pkcs8('ed25519'), await pkcs8('rsa')]
    const url = (text: string) => text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    const encode = fc.constantFrom(
      (b: Uint8Array) => toBase64(b),
      (b: Uint8Array) => url(toBase64(b)),
      (b: Uint8Array) => (toBase64(b).match(/.{1,64}/g) ?? []).join('\n'),
      (b: Uint8Array) => encodeURIComponent(toBase64(b)),
      (b: Uint8Array) => toHex(b),
      (b: Uint8Array) => toHex(b).toUpperCase(),
      (b: Uint8Array) => toHex(b).match(/../g)?.join(' ') ?? '',
      (b: Uint8Array) => toHex(b).match(/..../g)?.join('-') ?? '',
      (b: Uint8Array) => toHex(b).match(/../g)?.join(':') ?? '',
    )
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response('{}'))
    const client = createClient({
      baseUrl: 'http://127.0.0.1:9/trade-api/v2',
      fetch,
      retry: 0,
      credentials: { keyId: 'k', privateKey: key },
    })
    await fc.assert(
      fc.asyncProperty(
        fc.nat(ders.length - 1),
        encode,
        fc.nat(40), // bytes cut from the front: the DER need not be whole
        fc.string({ maxLength: 5 }),
        fc.boolean(),
        async (which, encoding, cut, prefix, inBody) => {
          const der = ders[which] as Uint8Array
          const text = prefix + encoding(der.subarray(Math.min(cut, 4)))
          const call = inBody ? { json: { note: [text] } } : { searchParams: { q: text } }
          await expect(
            client.request({ method: 'POST', path: '/x', ...call }),
          ).rejects.toMatchObject({ code: 'ERR_INVALID_REQUEST' })
        },
      ),
      { numRuns: 150, seed: SEED },
    )
    expect(fetch).not.toHaveBeenCalled()
    await fc.assert(
      fc.asyncProperty(bytes(60), fc.boolean(), async (random, asUrl) => {
        const cursor = asUrl ? url(toBase64(random)) : toBase64(random)
        await client.request({ method: 'GET', path: '/markets', searchParams: { cursor } })
      }),
      { numRuns: 200, seed: SEED },
    )
    expect(fetch).toHaveBeenCalledTimes(200)
  })
})
