// Every way a key can be wrong, each with the exact code a caller can branch on, and never a
// message that repeats the key.
import { beforeAll, describe, expect, test } from 'vitest'
import { importPrivateKey, KalshiKeyError } from '../../src/index.js'
import certificate from '../fixtures/certificate.pem?raw'
import dsaPkcs8 from '../fixtures/dsa-pkcs8.pem?raw'
import dsaTraditional from '../fixtures/dsa-traditional.pem?raw'
import ecPkcs8 from '../fixtures/ec-pkcs8.pem?raw'
import ecSec1 from '../fixtures/ec-sec1.pem?raw'
import ed448 from '../fixtures/ed448-pkcs8.pem?raw'
import opensshRsa from '../fixtures/openssh-rsa.pem?raw'
import encryptedPkcs1 from '../fixtures/rsa-encrypted-pkcs1.pem?raw'
import encryptedPkcs8 from '../fixtures/rsa-encrypted-pkcs8.pem?raw'
import x25519 from '../fixtures/x25519-pkcs8.pem?raw'
import { pemBodyLines, pemToDer } from '../support/bytes.js'
import vectors from '../vectors/rsa-key-pairs.json'

const rsa2048 = vectors.keys.find((key) => Number(key.keySize) === 2048)
if (!rsa2048) throw new Error('no 2048-bit vector')
const pkcs1 = rsa2048.privateKeyPkcs1Pem
const pkcs1Der = pemToDer(pkcs1)
const withByte = (bytes: Uint8Array, byte: number) => Uint8Array.of(...bytes, byte)

function pem(label: string, der: Uint8Array): string {
  const base64 = btoa(String.fromCharCode(...der))
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)?.join('\n')}\n-----END ${label}-----\n`
}

let pkcs8: Uint8Array
beforeAll(async () => {
  // The vector's own PKCS#8 form, for the PKCS#8 byte surgery below.
  const hex = rsa2048.privateKeyPkcs8Hex
  pkcs8 = Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16))
})

const cases: [string, () => string | Uint8Array, string][] = [
  ['an empty string', () => '', 'ERR_KEY_FORMAT'],
  ['random words', () => 'hello, I am not a key', 'ERR_KEY_FORMAT'],
  ['a PEM with no END line', () => pkcs1.replace(/-----END[^\n]*\n?/, ''), 'ERR_KEY_FORMAT'],
  [
    'a PEM with a broken base64 body',
    () => pkcs1.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'),
    'ERR_KEY_FORMAT',
  ],
  [
    'a PEM cut in the middle',
    () => `${pkcs1.slice(0, 900)}\n-----END RSA PRIVATE KEY-----\n`,
    'ERR_KEY_FORMAT',
  ],
  ['two private keys', () => pkcs1 + pkcs1, 'ERR_KEY_FORMAT'],
  ['a public key', () => rsa2048.publicKeySpkiPem, 'ERR_KEY_FORMAT'],
  [
    'a public key relabelled as private',
    () => rsa2048.publicKeySpkiPem.replace(/PUBLIC/g, 'PRIVATE'),
    'ERR_KEY_FORMAT',
  ],
  ['a certificate', () => certificate, 'ERR_KEY_FORMAT'],
  ['PKCS#1 DER with a trailing byte', () => withByte(pkcs1Der, 0), 'ERR_KEY_FORMAT'],
  ['PKCS#8 DER with a trailing byte', () => withByte(pkcs8, 0), 'ERR_KEY_FORMAT'],
  [
    'PKCS#8 PEM with a trailing byte',
    () => pem('PRIVATE KEY', withByte(pkcs8, 0)),
    'ERR_KEY_FORMAT',
  ],
  ['PKCS#8 DER missing its last byte', () => pkcs8.slice(0, -1), 'ERR_KEY_FORMAT'],
  ['an empty byte array', () => new Uint8Array(0), 'ERR_KEY_FORMAT'],
  ['an encrypted PKCS#8 key', () => encryptedPkcs8, 'ERR_KEY_ENCRYPTED'],
  ['an encrypted PKCS#8 key in DER', () => pemToDer(encryptedPkcs8), 'ERR_KEY_ENCRYPTED'],
  ['a legacy encrypted PKCS#1 key (Proc-Type)', () => encryptedPkcs1, 'ERR_KEY_ENCRYPTED'],
  ['an EC key (SEC1)', () => ecSec1, 'ERR_KEY_UNSUPPORTED'],
  ['an EC key (SEC1 DER)', () => pemToDer(ecSec1), 'ERR_KEY_UNSUPPORTED'],
  ['an EC key (PKCS#8)', () => ecPkcs8, 'ERR_KEY_UNSUPPORTED'],
  ['an X25519 key', () => x25519, 'ERR_KEY_UNSUPPORTED'],
  ['an Ed448 key', () => ed448, 'ERR_KEY_UNSUPPORTED'],
  ['a DSA key (PKCS#8)', () => dsaPkcs8, 'ERR_KEY_UNSUPPORTED'],
  ['a DSA key (traditional)', () => dsaTraditional, 'ERR_KEY_UNSUPPORTED'],
  ['a DSA key (traditional DER)', () => pemToDer(dsaTraditional), 'ERR_KEY_UNSUPPORTED'],
  ['an OpenSSH key', () => opensshRsa, 'ERR_KEY_UNSUPPORTED'],
]

describe('importPrivateKey refuses', () => {
  test.each(cases)('%s', async (_, make, code) => {
    const input = make()
    const error = await importPrivateKey(input).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(KalshiKeyError)
    expect(error).toMatchObject({ code })
    const rendered = [String(error), JSON.stringify(error), (error as Error).stack ?? ''].join('\n')
    for (const line of pemBodyLines(typeof input === 'string' ? input : ''))
      expect(rendered).not.toContain(line)
    expect(rendered).not.toContain(pkcs1.split('\n')[1])
  })
})

describe('importPrivateKey accepts', () => {
  const variants: [string, () => string | BufferSource][] = [
    ['PKCS#1 PEM', () => pkcs1],
    ['PKCS#8 PEM', () => pem('PRIVATE KEY', pkcs8)],
    ['CRLF line ends', () => pkcs1.replace(/\n/g, '\r\n')],
    [
      'indentation and blank lines',
      () =>
        pkcs1
          .split('\n')
          .map((line) => `    ${line}\n`)
          .join('\n'),
    ],
    ['text around the block', () => `Here is my key:\n${pkcs1}\nKeep it secret.`],
    ['a certificate beside the key', () => certificate + pkcs1],
    ['bare base64 of the DER', () => pkcs1.replace(/-----[^-]+-----/g, '')],
    ['an ArrayBuffer of the DER', () => pkcs8.slice().buffer],
    ['a DataView of the DER', () => new DataView(pkcs8.slice().buffer)],
  ]
  test.each(variants)('%s', async (_, make) => {
    const key = await importPrivateKey(make())
    expect(key).toMatchObject({ type: 'private', extractable: false, usages: ['sign'] })
    expect(key.algorithm).toMatchObject({ name: 'RSA-PSS', modulusLength: 2048 })
  })

  test('extractable only when asked', async () => {
    expect((await importPrivateKey(pkcs1, { extractable: true })).extractable).toBe(true)
  })
})

test('a value that is no key at all is a TypeError', async () => {
  await expect(importPrivateKey(42 as unknown as string)).rejects.toThrow(TypeError)
})
