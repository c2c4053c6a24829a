// Ed25519 keys, golden-tested: RFC 8032's secret keys must import to keys that sign exactly its
// signatures (Ed25519 is deterministic), export back to the canonical PKCS#8 and to SPKI, and every
// malformed variant must be refused with the same code in every runtime.
import { afterEach, describe, expect, test, vi } from 'vitest'
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateKeyPair,
  importPrivateKey,
  KalshiError,
  KalshiKeyError,
  signRequest,
} from '../../src/index.js'
import openssl from '../fixtures/ed25519-pkcs8.pem?raw'
import opensslPublic from '../fixtures/ed25519-spki.pem?raw'
import { fromHex, pemBodyLines, pemToDer, toHex } from '../support/bytes.js'
import rfc8032 from '../vectors/ed25519-rfc8032.json'

// Written out here from RFC 8410 rather than taken from the SDK, so the two are checked against each other.
const PKCS8_HEAD = '302e020100300506032b657004220420'
const SPKI_HEAD = '302a300506032b6570032100'
const pkcs8Of = (seedHex: string) => fromHex(PKCS8_HEAD + seedHex)
const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...der))}\n-----END ${label}-----\n`
const encoder = new TextEncoder()

async function publicKeyOf(spkiPem: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('spki', pemToDer(spkiPem), { name: 'Ed25519' }, true, ['verify'])
}

describe.each(rfc8032.vectors)('RFC 8032 secret key $secretKey', (vector) => {
  test('imports to a non-extractable Ed25519 signing key that signs exactly the RFC signature', async () => {
    const key = await importPrivateKey(pem('PRIVATE KEY', pkcs8Of(vector.secretKey)))
    expect(key).toMatchObject({
      type: 'private',
      extractable: false,
      usages: ['sign'],
      algorithm: { name: 'Ed25519' },
    })
    const signature = await crypto.subtle.sign('Ed25519', key, fromHex(vector.message))
    expect(toHex(new Uint8Array(signature))).toBe(vector.signature)
  })

  test('exports back to the canonical PKCS#8 and, from its pair, to the RFC public key', async () => {
    const key = await importPrivateKey(pkcs8Of(vector.secretKey), { extractable: true })
    expect(toHex(pemToDer(await exportPrivateKeyPem(key)))).toBe(PKCS8_HEAD + vector.secretKey)
    // WebCrypto gives no public half from a private key: derive it through JWK, as a caller would.
    const { d: _, key_ops: __, ...publicJwk } = await crypto.subtle.exportKey('jwk', key)
    const publicKey = await crypto.subtle.importKey('jwk', publicJwk, { name: 'Ed25519' }, true, [
      'verify',
    ])
    const spki = await exportPublicKeyPem(publicKey)
    expect(spki).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    expect(toHex(pemToDer(spki))).toBe(SPKI_HEAD + vector.publicKey)
  })
})

describe('keys as OpenSSL writes them', () => {
  test('openssl genpkey -algorithm ed25519 imports, and signs what its public key verifies', async () => {
    const credentials = { keyId: 'k', privateKey: await importPrivateKey(openssl) }
    const headers = await signRequest(credentials, {
      method: 'get',
      path: '/trade-api/v2/api_keys?x=1',
      timestamp: 1703123456789,
    })
    const signature = Uint8Array.from(atob(headers['KALSHI-ACCESS-SIGNATURE']), (c) =>
      c.charCodeAt(0),
    )
    expect(signature).toHaveLength(64)
    const message = encoder.encode('1703123456789GET/trade-api/v2/api_keys')
    const publicKey = await publicKeyOf(opensslPublic)
    expect(await crypto.subtle.verify('Ed25519', publicKey, signature, message)).toBe(true)
    // …and only that message: the path without its query, the method upper-cased.
    const other = encoder.encode('1703123456789GET/trade-api/v2/api_keys?x=1')
    expect(await crypto.subtle.verify('Ed25519', publicKey, signature, other)).toBe(false)
  })

  test('DER bytes, bare base64 and CRLF PEM all import', async () => {
    for (const input of [
      pemToDer(openssl),
      openssl.replace(/-----[^-]+-----/g, ''),
      openssl.replace(/\n/g, '\r\n'),
    ])
      expect((await importPrivateKey(input)).algorithm.name).toBe('Ed25519')
  })
})

describe('malformed Ed25519 PKCS#8 is refused, the same everywhere', () => {
  const seed = rfc8032.vectors[0]?.secretKey ?? ''
  const good = toHex(pkcs8Of(seed))
  // RFC 5958 OneAsymmetricKey (v2): version 1, and the public key after the private one.
  const publicKey = `8121 00${rfc8032.vectors[0]?.publicKey}`.replace(' ', '')
  const v2 = (tail: string) => {
    const body = `020101${good.slice(10)}${tail}`
    return `30${(body.length / 2).toString(16)}${body}`
  }
  const cases: [string, string, string][] = [
    ['truncated', good.slice(0, -2), 'ERR_KEY_FORMAT'],
    ['with a trailing byte', `${good}00`, 'ERR_KEY_FORMAT'],
    ['a seed of 31 bytes', `302d020100300506032b65700421041f${seed.slice(2)}`, 'ERR_KEY_FORMAT'],
    ['a seed of 33 bytes', `302f020100300506032b657004230421${seed}00`, 'ERR_KEY_FORMAT'],
    [
      'the seed not wrapped in its OCTET STRING',
      `302c020100300506032b65700420${seed}`,
      'ERR_KEY_FORMAT',
    ],
    [
      'algorithm parameters present',
      `3030020100300706032b6570050004220420${seed}`,
      'ERR_KEY_FORMAT',
    ],
    ['version 2', `302e020102${good.slice(10)}`, 'ERR_KEY_FORMAT'],
    ['a public key in a v1 structure', `3051${good.slice(4)}${publicKey}`, 'ERR_KEY_FORMAT'],
    ['the X25519 OID', good.replace('2b6570', '2b656e'), 'ERR_KEY_UNSUPPORTED'],
    ['the Ed448 OID', good.replace('2b6570', '2b6571'), 'ERR_KEY_UNSUPPORTED'],
    ['its public key (SPKI)', toHex(pemToDer(opensslPublic)), 'ERR_KEY_FORMAT'],
  ]
  test.each(cases)('%s', async (_, hex, code) => {
    const input = pem('PRIVATE KEY', fromHex(hex))
    const error = await importPrivateKey(input).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(KalshiKeyError)
    expect(error).toMatchObject({ code })
    const rendered = [String(error), JSON.stringify(error), (error as Error).stack].join('\n')
    for (const line of pemBodyLines(input)) expect(rendered).not.toContain(line)
    expect(rendered).not.toContain(seed)
  })

  test('PKCS#8 v2 with the public key (RFC 5958) imports, rebuilt to the canonical form', async () => {
    const key = await importPrivateKey(fromHex(v2(publicKey)), { extractable: true })
    expect(toHex(pemToDer(await exportPrivateKeyPem(key)))).toBe(good)
    const signature = await crypto.subtle.sign('Ed25519', key, new Uint8Array())
    expect(toHex(new Uint8Array(signature))).toBe(rfc8032.vectors[0]?.signature)
  })
})

describe('generateKeyPair({ keyType: "ed25519" })', () => {
  test('makes an Ed25519 pair, private key non-extractable, that signs Kalshi requests', async () => {
    const pair = await generateKeyPair({ keyType: 'ed25519' })
    expect(pair.privateKey).toMatchObject({ extractable: false, algorithm: { name: 'Ed25519' } })
    expect(pair.publicKey).toMatchObject({ extractable: true, usages: ['verify'] })
    await expect(crypto.subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow()
    const headers = await signRequest(
      { keyId: 'k', privateKey: pair.privateKey },
      { method: 'DELETE', path: '/trade-api/v2/api_keys/x', timestamp: 5 },
    )
    const signature = Uint8Array.from(atob(headers['KALSHI-ACCESS-SIGNATURE']), (c) =>
      c.charCodeAt(0),
    )
    const publicKey = await publicKeyOf(await exportPublicKeyPem(pair))
    const message = encoder.encode('5DELETE/trade-api/v2/api_keys/x')
    expect(await crypto.subtle.verify('Ed25519', publicKey, signature, message)).toBe(true)
  })

  test('exports PKCS#8 when extractable; PKCS#1 is for RSA only; modulusLength is refused', async () => {
    const pair = await generateKeyPair({ keyType: 'ed25519', extractable: true })
    const exported = pemToDer(await exportPrivateKeyPem(pair.privateKey))
    expect(toHex(exported.slice(0, 16))).toBe(PKCS8_HEAD)
    await expect(exportPrivateKeyPem(pair.privateKey, { format: 'pkcs1' })).rejects.toThrow(
      TypeError,
    )
    await expect(generateKeyPair({ keyType: 'ed25519', modulusLength: 2048 })).rejects.toThrow(
      TypeError,
    )
    await expect(generateKeyPair({ keyType: 'ec' as never })).rejects.toThrow(TypeError)
  })
})

describe('a runtime whose WebCrypto has no Ed25519', () => {
  const notSupported = () =>
    Promise.reject(new DOMException('Unrecognized algorithm name', 'NotSupportedError'))

  afterEach(() => {
    vi.restoreAllMocks()
  })

  test('generateKeyPair and importPrivateKey reject with one clear ERR_UNSUPPORTED_RUNTIME', async () => {
    vi.spyOn(crypto.subtle, 'generateKey').mockImplementation(notSupported)
    vi.spyOn(crypto.subtle, 'importKey').mockImplementation(notSupported)
    for (const attempt of [generateKeyPair({ keyType: 'ed25519' }), importPrivateKey(openssl)]) {
      const error = await attempt.catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(KalshiError)
      expect(error).toMatchObject({ code: 'ERR_UNSUPPORTED_RUNTIME' })
      expect((error as Error).message).toMatch(/no Ed25519/)
      expect((error as Error).cause).toBeInstanceOf(DOMException)
    }
  })

  test('an RSA key refused as malformed stays ERR_KEY_FORMAT, and a not-supported RSA import is not blamed on Ed25519', async () => {
    vi.spyOn(crypto.subtle, 'importKey').mockImplementation(notSupported)
    const pem = await exportPrivateKeyPem((await generateKeyPair({ extractable: true })).privateKey)
    await expect(importPrivateKey(pem)).rejects.toMatchObject({ code: 'ERR_KEY_FORMAT' })
  })
})

// WebKitGTK now and then fails an Ed25519 generation or import with OperationError that succeeds
// when tried again: the SDK tries once more, and only then fails.
describe('an OperationError is tried once more', () => {
  const operationError = () => new DOMException('The operation failed', 'OperationError')
  test('generateKeyPair and importPrivateKey succeed after one, fail after two', async () => {
    const pem = await exportPrivateKeyPem(
      (await generateKeyPair({ keyType: 'ed25519', extractable: true })).privateKey,
    )
    for (const [method, run] of [
      ['generateKey', () => generateKeyPair({ keyType: 'ed25519' })],
      ['importKey', () => importPrivateKey(pem)],
    ] as const) {
      const real = crypto.subtle[method].bind(crypto.subtle) as (...args: unknown[]) => unknown
      let failures = 1
      const spy = vi
        .spyOn(crypto.subtle, method)
        .mockImplementation(((...args: unknown[]) =>
          failures-- > 0 ? Promise.reject(operationError()) : real(...args)) as never)
      try {
        await expect(run(), method).resolves.toBeDefined()
        expect(spy).toHaveBeenCalledTimes(2)
        spy.mockClear()
        failures = 2
        await expect(run(), method).rejects.toBeDefined()
        expect(spy).toHaveBeenCalledTimes(2)
      } finally {
        spy.mockRestore()
      }
    }
  })
})
