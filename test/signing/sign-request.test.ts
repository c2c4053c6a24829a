// signRequest: the exact message, RSA-PSS with salt 32, and the mistakes it refuses.
import { beforeAll, describe, expect, test } from 'vitest'
import { generateKeyPair, KalshiKeyError, signRequest } from '../../src/index.js'

let pair: CryptoKeyPair
beforeAll(async () => {
  pair = await generateKeyPair()
})

/** Verifies with WebCrypto's verify, which checks the salt length we ask for exactly. */
async function verifies(signature: string, message: string, saltLength = 32): Promise<boolean> {
  const bytes = Uint8Array.from(atob(signature), (char) => char.charCodeAt(0))
  return crypto.subtle.verify(
    { name: 'RSA-PSS', saltLength },
    pair.publicKey,
    bytes,
    new TextEncoder().encode(message),
  )
}

describe('signRequest', () => {
  test('signs timestamp + METHOD + path with RSA-PSS SHA-256, salt 32', async () => {
    const headers = await signRequest(
      { keyId: 'key-1', privateKey: pair.privateKey },
      { method: 'GET', path: '/trade-api/v2/api_keys', timestamp: 1703123456789 },
    )
    expect(Object.keys(headers).sort()).toEqual([
      'KALSHI-ACCESS-KEY',
      'KALSHI-ACCESS-SIGNATURE',
      'KALSHI-ACCESS-TIMESTAMP',
    ])
    expect(headers['KALSHI-ACCESS-KEY']).toBe('key-1')
    expect(headers['KALSHI-ACCESS-TIMESTAMP']).toBe('1703123456789')
    expect(headers['KALSHI-ACCESS-SIGNATURE']).toMatch(/^[A-Za-z0-9+/]{342}==$/)
    expect(
      await verifies(headers['KALSHI-ACCESS-SIGNATURE'], '1703123456789GET/trade-api/v2/api_keys'),
    ).toBe(true)
    expect(
      await verifies(
        headers['KALSHI-ACCESS-SIGNATURE'],
        '1703123456789GET/trade-api/v2/api_keys',
        20,
      ),
    ).toBe(false)
  })

  test.each([
    [
      'drops the query string',
      'get',
      '/trade-api/v2/api_keys?fcm_subtrader_id=u_1',
      'GET/trade-api/v2/api_keys',
    ],
    [
      'drops a fragment',
      'DELETE',
      '/trade-api/v2/api_keys/abc#x',
      'DELETE/trade-api/v2/api_keys/abc',
    ],
    [
      'takes the path of a full URL',
      'post',
      'https://external-api.kalshi.com/trade-api/v2/api_keys?x=1',
      'POST/trade-api/v2/api_keys',
    ],
    [
      'keeps percent-encoding as given',
      'DELETE',
      '/trade-api/v2/api_keys/a%20b',
      'DELETE/trade-api/v2/api_keys/a%20b',
    ],
    // Normalised as the URL on the wire is: what is signed is what is sent.
    ['resolves "." segments', 'GET', '/trade-api/v2/./api_keys', 'GET/trade-api/v2/api_keys'],
    ['resolves ".." segments', 'GET', '/trade-api/v2/x/../api_keys', 'GET/trade-api/v2/api_keys'],
    ['encodes a space', 'GET', '/trade-api/v2/a b', 'GET/trade-api/v2/a%20b'],
    ['encodes non-ASCII as UTF-8', 'GET', '/trade-api/v2/clé', 'GET/trade-api/v2/cl%C3%A9'],
    [
      'turns backslashes into slashes',
      'GET',
      '/trade-api\\v2\\api_keys',
      'GET/trade-api/v2/api_keys',
    ],
  ])('%s', async (_, method, path, signed) => {
    const headers = await signRequest(
      { keyId: 'k', privateKey: pair.privateKey },
      { method, path, timestamp: 5 },
    )
    expect(await verifies(headers['KALSHI-ACCESS-SIGNATURE'], `5${signed}`)).toBe(true)
  })

  test('uses the current time by default', async () => {
    const before = Date.now()
    const headers = await signRequest(
      { keyId: 'k', privateKey: pair.privateKey },
      { method: 'GET', path: '/trade-api/v2/x' },
    )
    const timestamp = Number(headers['KALSHI-ACCESS-TIMESTAMP'])
    expect(timestamp).toBeGreaterThanOrEqual(before)
    expect(timestamp).toBeLessThanOrEqual(Date.now())
  })

  test.each([
    ['a path without the /trade-api/ prefix', { method: 'GET', path: '/api_keys' }],
    ['a relative path', { method: 'GET', path: 'trade-api/v2/api_keys' }],
    ['a path that leaves the prefix once normalised', { method: 'GET', path: '/trade-api/../x' }],
    ['an encoded dot segment that leaves it', { method: 'GET', path: '/trade-api/%2e%2e/x' }],
    ['a method that is not a token', { method: 'GET /x', path: '/trade-api/v2/api_keys' }],
    ['a fractional timestamp', { method: 'GET', path: '/trade-api/v2/api_keys', timestamp: 1.5 }],
    ['a negative timestamp', { method: 'GET', path: '/trade-api/v2/api_keys', timestamp: -1 }],
  ])('refuses %s with a TypeError', async (_, request) => {
    await expect(signRequest({ keyId: 'k', privateKey: pair.privateKey }, request)).rejects.toThrow(
      TypeError,
    )
  })

  test('refuses missing credentials with a TypeError', async () => {
    const request = { method: 'GET', path: '/trade-api/v2/api_keys' }
    await expect(signRequest({ keyId: '', privateKey: pair.privateKey }, request)).rejects.toThrow(
      TypeError,
    )
    await expect(
      signRequest({ keyId: 'k', privateKey: 'pem' as unknown as CryptoKey }, request),
    ).rejects.toThrow(TypeError)
  })

  test.each([
    ['a public key', () => pair.publicKey],
    [
      'an RSASSA-PKCS1-v1_5 key',
      async () =>
        (
          await crypto.subtle.generateKey(
            {
              name: 'RSASSA-PKCS1-v1_5',
              modulusLength: 2048,
              publicExponent: Uint8Array.of(1, 0, 1),
              hash: 'SHA-256',
            },
            false,
            ['sign'],
          )
        ).privateKey,
    ],
    [
      'an RSA-PSS SHA-512 key',
      async () =>
        (
          await crypto.subtle.generateKey(
            {
              name: 'RSA-PSS',
              modulusLength: 2048,
              publicExponent: Uint8Array.of(1, 0, 1),
              hash: 'SHA-512',
            },
            false,
            ['sign'],
          )
        ).privateKey,
    ],
  ])('refuses %s with ERR_KEY_UNSUPPORTED', async (_, make) => {
    const privateKey = await make()
    const error = await signRequest(
      { keyId: 'k', privateKey },
      { method: 'GET', path: '/trade-api/v2/x' },
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KalshiKeyError)
    expect(error).toMatchObject({ code: 'ERR_KEY_UNSUPPORTED' })
  })
})

test('a path is read once: one whose text changes between two reads is not signed', async () => {
  const { privateKey } = await generateKeyPair({ keyType: 'ed25519' })
  let reads = 0
  const path = {
    toString: () => (reads++ === 0 ? '/trade-api/v2/api_keys' : '/elsewhere?x#y'),
  }
  const headers = await signRequest({ keyId: 'k', privateKey }, {
    method: 'GET',
    path,
  } as never).then(
    (signed) => signed,
    () => undefined,
  )
  // Refused, or signed over the one text it read: never over a text it did not check.
  if (headers) expect(reads).toBe(1)
})
