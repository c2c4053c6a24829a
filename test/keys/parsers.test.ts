// Property tests for the parsers: PEM armour, base64, and the DER structure checks.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { fromBase64, toBase64 } from '../../src/base64.js'
import { importPrivateKey, KalshiKeyError } from '../../src/index.js'
import { inspectPrivateKey, pkcs8ToPkcs1 } from '../../src/keys/der.js'
import { formatPem, parsePem } from '../../src/keys/pem.js'
import ed25519Pem from '../fixtures/ed25519-pkcs8.pem?raw'
import { fromHex, pemToDer, toHex } from '../support/bytes.js'
import vectors from '../vectors/rsa-key-pairs.json'

const rsa2048 = vectors.keys.find((key) => Number(key.keySize) === 2048)
if (!rsa2048) throw new Error('no 2048-bit vector')
const pkcs1 = pemToDer(rsa2048.privateKeyPkcs1Pem)
const pkcs8 = fromHex(rsa2048.privateKeyPkcs8Hex)
const ed25519 = pemToDer(ed25519Pem)

const bytes = fc.uint8Array({ minLength: 1, maxLength: 700 })
const label = fc.constantFrom('PRIVATE KEY', 'RSA PRIVATE KEY', 'PUBLIC KEY', 'CERTIFICATE')

describe('base64', () => {
  test('agrees with btoa and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const text = toBase64(data)
        expect(text).toBe(btoa(String.fromCharCode(...data)))
        expect(fromBase64(text)).toEqual(data)
      }),
    )
  })

  test('refuses characters outside the alphabet, misplaced padding and lengths off a multiple of 4', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 3, maxLength: 60 }),
        fc.nat(),
        fc.constantFrom('!', ' ', '-', '_', '=', '\n', 'é'),
        (data, at, junk) => {
          const text = toBase64(data)
          const position = at % (text.length - 2) // a character before any padding
          // Same length, one character spoiled: only the alphabet and padding rules can refuse it.
          expect(
            fromBase64(text.slice(0, position) + junk + text.slice(position + 1)),
          ).toBeUndefined()
          expect(fromBase64(text.slice(0, -1))).toBeUndefined()
          expect(fromBase64(`${text}A`)).toBeUndefined()
        },
      ),
    )
  })
})

describe('PEM', () => {
  test('parse(format(der)) gives back the label and the bytes', () => {
    fc.assert(
      fc.property(label, bytes, (name, der) => {
        const text = formatPem(name, der)
        expect(text.split('\n').every((line) => line.length <= 64)).toBe(true)
        expect(parsePem(text)).toEqual([{ label: name, encrypted: false, der }])
      }),
    )
  })

  const noise = fc.string({ maxLength: 30 }).filter((text) => !text.includes('-----'))
  test('CRLF, indentation, blank lines and text around the block change nothing', () => {
    fc.assert(
      fc.property(
        bytes,
        noise,
        noise,
        fc.boolean(),
        fc.constantFrom('', ' ', '\t', '    '),
        fc.boolean(),
        (der, before, after, crlf, indent, blank) => {
          let text = formatPem('PRIVATE KEY', der)
            .split('\n')
            .map((line) => indent + line + (blank ? '\n' : ''))
            .join('\n')
          if (crlf) text = text.replace(/\n/g, '\r\n')
          const [block, ...rest] = parsePem(`${before}\n${text}\n${after}`)
          expect(rest).toEqual([])
          expect(block?.der).toEqual(der)
        },
      ),
    )
  })
})

// One mutation of a valid key: a flipped bit, a cut, an inserted byte, or a rewritten length byte.
const mutation = (source: Uint8Array) =>
  fc.oneof(
    fc.tuple(fc.nat(source.length - 1), fc.nat(7)).map(([at, bit]) => {
      const out = source.slice()
      out[at] = (out[at] as number) ^ (1 << bit)
      return out
    }),
    fc.nat(source.length - 1).map((length) => source.slice(0, length)),
    fc
      .tuple(fc.nat(source.length), fc.integer({ min: 0, max: 255 }))
      .map(([at, byte]) => Uint8Array.of(...source.slice(0, at), byte, ...source.slice(at))),
    fc
      .tuple(fc.constantFrom(1, 2, 3, 5, 6, 7), fc.integer({ min: 0, max: 255 }))
      .map(([at, byte]) => {
        const out = source.slice()
        out[at] = byte
        return out
      }),
  )

describe.each([
  ['PKCS#1', pkcs1],
  ['PKCS#8', pkcs8],
  ['Ed25519 PKCS#8', ed25519],
])('a mutated %s key', (_, source) => {
  test('the DER check accepts it or throws a KalshiKeyError, nothing else', () => {
    fc.assert(
      fc.property(mutation(source), (mutated) => {
        try {
          const found = inspectPrivateKey(mutated)
          // What passes is a whole key of its kind: RSA of 2048 bits or more (its modulus alone is
          // 256 bytes), in a PKCS#8 that holds it, or a canonical Ed25519 PKCS#8.
          if (found.keyType === 'rsa') expect(pkcs8ToPkcs1(found.pkcs8).length).toBeGreaterThan(256)
          else
            expect([found.pkcs8.length, toHex(found.pkcs8.slice(0, 16))]).toEqual([
              48,
              toHex(ed25519.slice(0, 16)),
            ])
        } catch (error) {
          expect(error).toBeInstanceOf(KalshiKeyError)
        }
      }),
      { numRuns: 500 },
    )
  })

  test('importPrivateKey gives a CryptoKey or a KalshiKeyError, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(mutation(source), async (mutated) => {
        const result = await importPrivateKey(mutated).catch((error: unknown) => error)
        if (result instanceof KalshiKeyError) return
        expect(Object.prototype.toString.call(result)).toBe('[object CryptoKey]')
      }),
      { numRuns: 80 },
    )
  })
})

test('a length that claims more bytes than exist is refused, not read past the end', () => {
  const lying = pkcs8.slice()
  lying[3] = 0xff // outer SEQUENCE length, low byte
  expect(() => inspectPrivateKey(lying)).toThrow(KalshiKeyError)
  expect(toHex(pkcs8)).toBe(rsa2048.privateKeyPkcs8Hex) // the source was not touched
})
