// Key pairs made on the device, and exporting their halves.
import { describe, expect, test } from 'vitest'
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateKeyPair,
  importPrivateKey,
  KalshiKeyError,
  signRequest,
} from '../../src/index.js'
import { pemToDer } from '../support/bytes.js'

async function verifies(publicKey: CryptoKey, headers: Record<string, string>, message: string) {
  const signature = Uint8Array.from(atob(headers['KALSHI-ACCESS-SIGNATURE'] ?? ''), (char) =>
    char.charCodeAt(0),
  )
  return crypto.subtle.verify(
    { name: 'RSA-PSS', saltLength: 32 },
    publicKey,
    signature,
    new TextEncoder().encode(message),
  )
}

describe('generateKeyPair', () => {
  test('defaults: RSA-PSS SHA-256, 2048 bits, e = 65537, private key non-extractable', async () => {
    const { privateKey, publicKey } = await generateKeyPair()
    expect(privateKey).toMatchObject({ type: 'private', extractable: false, usages: ['sign'] })
    expect(publicKey).toMatchObject({ type: 'public', extractable: true, usages: ['verify'] })
    expect(privateKey.algorithm).toMatchObject({
      name: 'RSA-PSS',
      modulusLength: 2048,
      hash: { name: 'SHA-256' },
    })
    expect(Array.from((privateKey.algorithm as RsaHashedKeyAlgorithm).publicExponent)).toEqual([
      1, 0, 1,
    ])
    await expect(crypto.subtle.exportKey('pkcs8', privateKey)).rejects.toThrow()
  })

  test('3072 bits, extractable on request', async () => {
    const { privateKey } = await generateKeyPair({ modulusLength: 3072, extractable: true })
    expect(privateKey).toMatchObject({ extractable: true, algorithm: { modulusLength: 3072 } })
  })

  test('below 2048 bits is ERR_KEY_TOO_SMALL; other sizes a TypeError', async () => {
    await expect(generateKeyPair({ modulusLength: 1024 as never })).rejects.toMatchObject({
      code: 'ERR_KEY_TOO_SMALL',
    })
    await expect(generateKeyPair({ modulusLength: 2500 as never })).rejects.toThrow(TypeError)
  })
})

describe('exports', () => {
  test('round trip: generate → PKCS#1 and PKCS#8 PEM → import → sign → verify', async () => {
    const pair = await generateKeyPair({ extractable: true })
    for (const format of ['pkcs1', 'pkcs8'] as const) {
      const pem = await exportPrivateKeyPem(pair.privateKey, { format })
      expect(pem).toMatch(
        format === 'pkcs1'
          ? /^-----BEGIN RSA PRIVATE KEY-----\n/
          : /^-----BEGIN PRIVATE KEY-----\n/,
      )
      const privateKey = await importPrivateKey(pem)
      const headers = await signRequest(
        { keyId: 'k', privateKey },
        { method: 'GET', path: '/trade-api/v2/x', timestamp: 7 },
      )
      expect(await verifies(pair.publicKey, headers, '7GET/trade-api/v2/x')).toBe(true)
    }
  })

  test('the public key PEM is the SPKI WebCrypto exports, from the pair or its public key', async () => {
    const pair = await generateKeyPair()
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey))
    for (const pem of [await exportPublicKeyPem(pair), await exportPublicKeyPem(pair.publicKey)]) {
      expect(pem).toMatch(
        /^-----BEGIN PUBLIC KEY-----\n(?:[A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END PUBLIC KEY-----\n$/,
      )
      expect(pemToDer(pem)).toEqual(spki)
    }
  })

  test('a private key is not a public key, and a non-extractable one gives no bytes', async () => {
    const { privateKey } = await generateKeyPair()
    await expect(exportPublicKeyPem(privateKey)).rejects.toThrow(TypeError)
    await expect(exportPrivateKeyPem(privateKey)).rejects.toMatchObject({
      code: 'ERR_KEY_NOT_EXTRACTABLE',
    })
  })

  test('a non-RSA key is ERR_KEY_UNSUPPORTED', async () => {
    const ec = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])
    const error = await exportPublicKeyPem(ec).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KalshiKeyError)
    expect(error).toMatchObject({ code: 'ERR_KEY_UNSUPPORTED' })
  })

  test('wrong argument types are TypeErrors', async () => {
    const pair = await generateKeyPair({ extractable: true })
    await expect(exportPublicKeyPem('pem' as never)).rejects.toThrow(TypeError)
    await expect(exportPrivateKeyPem(pair.publicKey)).rejects.toThrow(TypeError)
    await expect(exportPrivateKeyPem(pair.privateKey, { format: 'jwk' as never })).rejects.toThrow(
      TypeError,
    )
  })
})
