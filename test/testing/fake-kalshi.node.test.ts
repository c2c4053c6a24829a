// The fake server's verifier is what every end-to-end test trusts, so it is checked against
// Wycheproof's RSA-PSS vectors, and our DER wrapping against node:crypto's own conversion.
import {
  constants,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
} from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, inject, test } from 'vitest'
import { KalshiKeyError } from '../../src/errors.js'
import { inspectPrivateKey, pkcs1ToPkcs8 } from '../../src/keys/der.js'
import { verifyEd25519, verifyPssSha256, verifyRequestSignature } from '../../src/testing/auth.js'
import { fromHex, toHex } from '../support/bytes.js'
import pairs from '../vectors/rsa-key-pairs.json'
import wycheproofEd25519 from '../vectors/wycheproof-ed25519_test.json'
import wycheproof from '../vectors/wycheproof-rsa_pss_2048_sha256_mgf1_32_test.json'

/** Wycheproof's verification vectors, each with its group's public key; "acceptable" ones left out. */
function decided(file: {
  testGroups: { publicKeyDer: string; tests: { result: string; msg: string; sig: string }[] }[]
}) {
  return file.testGroups
    .flatMap((group) =>
      group.tests.map((vector) => ({ ...vector, publicKeyDer: group.publicKeyDer })),
    )
    .filter((vector) => vector.result !== 'acceptable')
}
const spki = (hex: string) =>
  createPublicKey({ key: Buffer.from(hex, 'hex'), format: 'der', type: 'spki' })

describe.each([
  ['RSA-PSS-2048 SHA-256 salt 32', decided(wycheproof), verifyPssSha256],
  ['Ed25519', decided(wycheproofEd25519), verifyEd25519],
])('the fake server verifier agrees with Wycheproof %s', (_, cases, verify) => {
  test('the vectors hold valid and invalid signatures', () => {
    expect(cases.filter((vector) => vector.result === 'valid').length).toBeGreaterThan(10)
    expect(cases.filter((vector) => vector.result === 'invalid').length).toBeGreaterThan(30)
  })
  test.each(cases)('#$tcId $comment → $result', (vector) => {
    const ok = verify(spki(vector.publicKeyDer), fromHex(vector.msg), fromHex(vector.sig))
    expect(ok).toBe(vector.result === 'valid')
  })
})

describe('verifyRequestSignature', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const signWith = (message: string, saltLength: number) =>
    sign('sha256', Buffer.from(message), {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength,
    }).toString('base64')
  const request = {
    publicKey,
    timestamp: '1703123456789',
    method: 'GET',
    path: '/trade-api/v2/api_keys',
  }

  test('accepts the canonical message with salt 32', () => {
    const signature = signWith('1703123456789GET/trade-api/v2/api_keys', 32)
    expect(verifyRequestSignature({ ...request, signature })).toBe(true)
  })

  test.each([
    ['a salt of 20 bytes', '1703123456789GET/trade-api/v2/api_keys', 20],
    [
      'the query string signed too',
      '1703123456789GET/trade-api/v2/api_keys?fcm_subtrader_id=x',
      32,
    ],
    ['the /trade-api/v2 prefix dropped', '1703123456789GET/api_keys', 32],
    ['a lower-case method', '1703123456789get/trade-api/v2/api_keys', 32],
  ])('refuses %s', (_, message, salt) => {
    expect(verifyRequestSignature({ ...request, signature: signWith(message, salt) })).toBe(false)
  })

  test('refuses non-canonical base64', () => {
    const signature = signWith('1703123456789GET/trade-api/v2/api_keys', 32)
    expect(verifyRequestSignature({ ...request, signature: ` ${signature}` })).toBe(false)
  })
})

describe('PKCS#1 → PKCS#8 wrapping matches node:crypto byte for byte', () => {
  const fresh = [2048, 3072].map((modulusLength) =>
    generateKeyPairSync('rsa', { modulusLength })
      .privateKey.export({ type: 'pkcs1', format: 'pem' })
      .toString(),
  )
  const keys = [...pairs.keys.map((key) => key.privateKeyPkcs1Pem), ...fresh]
  test.each(keys.map((pem, index) => [index, pem]))('key #%i', (_, pem) => {
    const key = createPrivateKey(pem)
    const pkcs1 = key.export({ type: 'pkcs1', format: 'der' })
    const pkcs8 = key.export({ type: 'pkcs8', format: 'der' })
    expect(toHex(pkcs1ToPkcs8(new Uint8Array(pkcs1)))).toBe(pkcs8.toString('hex'))
  })
})

describe('our DER checks never accept what OpenSSL cannot parse', () => {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  test.each([
    ['PKCS#1', new Uint8Array(key.export({ type: 'pkcs1', format: 'der' }))],
    ['PKCS#8', new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }))],
  ])('mutated %s', (_, source) => {
    const mutated = fc.oneof(
      fc.tuple(fc.nat(source.length - 1), fc.integer({ min: 0, max: 255 })).map(([at, byte]) => {
        const out = source.slice()
        out[at] = byte
        return out
      }),
      fc.nat(source.length - 1).map((length) => source.slice(0, length)),
      fc
        .tuple(fc.nat(source.length), fc.integer({ min: 0, max: 255 }))
        .map(([at, byte]) => Uint8Array.of(...source.slice(0, at), byte, ...source.slice(at))),
    )
    let accepted = 0
    fc.assert(
      fc.property(mutated, (bytes) => {
        let pkcs8: Uint8Array
        try {
          pkcs8 = inspectPrivateKey(bytes).pkcs8
        } catch (error) {
          expect(error).toBeInstanceOf(KalshiKeyError)
          return
        }
        accepted++
        expect(() =>
          createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }),
        ).not.toThrow()
      }),
      { numRuns: 400 },
    )
    expect(accepted).toBeGreaterThan(0) // some mutations (inside the numbers) stay well-formed
  })
})

describe('the control API is not a door', () => {
  const controlUrl = inject('fakeKalshiControlUrl')
  const origin = new URL(controlUrl).origin

  test('without this run’s token: 404, and no CORS header at all', async () => {
    for (const url of [
      `${origin}/__control/accounts`,
      `${origin}/__control/wrong-token/accounts`,
    ]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { origin: 'https://evil.example' },
        body: '{}',
      })
      expect(response.status).toBe(404)
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
      expect(await response.text()).not.toContain('PRIVATE KEY')
    }
  })

  test('with it: answers, and allows only the origin that asked, never "*"', async () => {
    const response = await fetch(`${controlUrl}/accounts`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173' },
      body: '{}',
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    const preflight = await fetch(`${controlUrl}/accounts`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PATCH' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })
})
