// Golden vectors: Project Wycheproof's RSA key pairs, in every encoding the SDK reads or writes.
import { describe, expect, test } from 'vitest'
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  importPrivateKey,
  KalshiKeyError,
} from '../../src/index.js'
import { pkcs1ToPkcs8, pkcs8ToPkcs1 } from '../../src/keys/der.js'
import { fromHex, pemToDer, toHex } from '../support/bytes.js'
import vectors from '../vectors/rsa-key-pairs.json'

const keys = vectors.keys.map((key) => ({ ...key, bits: Number(key.keySize) }))
const usable = keys.filter((key) => key.bits >= 2048)
const tooSmall = keys.filter((key) => key.bits < 2048)

test('the vector file holds usable and too-small keys', () => {
  expect(usable.length).toBeGreaterThanOrEqual(10)
  expect(tooSmall.length).toBeGreaterThanOrEqual(5)
})

describe.each(keys.map((key, index) => [`#${index} (${key.bits} bits)`, key] as const))(
  'key %s',
  (_, key) => {
    test('PKCS#1 → PKCS#8 wrapping is byte-identical to the vector', () => {
      expect(toHex(pkcs1ToPkcs8(pemToDer(key.privateKeyPkcs1Pem)))).toBe(key.privateKeyPkcs8Hex)
    })

    test('PKCS#8 → PKCS#1 unwrapping gives back the PKCS#1 bytes', () => {
      expect(toHex(pkcs8ToPkcs1(fromHex(key.privateKeyPkcs8Hex)))).toBe(
        toHex(pemToDer(key.privateKeyPkcs1Pem)),
      )
    })
  },
)

describe.each(usable.map((key) => [key.bits, key] as const))('%i-bit key', (_, key) => {
  test('imports from PKCS#1 PEM; its public half exports as the vector’s SPKI PEM exactly', async () => {
    const privateKey = await importPrivateKey(key.privateKeyPkcs1Pem, { extractable: true })
    expect(privateKey.algorithm).toMatchObject({
      name: 'RSA-PSS',
      modulusLength: key.bits,
      hash: { name: 'SHA-256' },
    })
    // WebCrypto has no "public key of this private key"; its JWK's n and e are exactly that.
    const { n, e } = await crypto.subtle.exportKey('jwk', privateKey)
    const publicKey = await crypto.subtle.importKey(
      'jwk',
      { kty: 'RSA', n, e } as JsonWebKey,
      privateKey.algorithm,
      true,
      ['verify'],
    )
    expect(await exportPublicKeyPem(publicKey)).toBe(`${key.publicKeySpkiPem.trim()}\n`)
  })

  test('PKCS#1 and PKCS#8 exports round-trip to the vector bytes', async () => {
    const privateKey = await importPrivateKey(fromHex(key.privateKeyPkcs8Hex), {
      extractable: true,
    })
    expect(await exportPrivateKeyPem(privateKey, { format: 'pkcs1' })).toBe(
      `${key.privateKeyPkcs1Pem.trim()}\n`,
    )
    expect(toHex(pemToDer(await exportPrivateKeyPem(privateKey)))).toBe(key.privateKeyPkcs8Hex)
  })
})

describe.each(tooSmall.map((key) => [key.bits, key] as const))('%i-bit key', (bits, key) => {
  test.each([
    ['PKCS#1 PEM', key.privateKeyPkcs1Pem],
    ['PKCS#8 DER', fromHex(key.privateKeyPkcs8Hex)],
  ])('is refused as too small from %s', async (_, input) => {
    const error = await importPrivateKey(input).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(KalshiKeyError)
    expect(error).toMatchObject({ code: 'ERR_KEY_TOO_SMALL' })
    expect((error as Error).message).toContain(String(bits))
  })
})
