import type { Bytes } from '../base64.js'
import { KalshiKeyError } from '../errors.js'
import { assertModulusBits, type KeyType, unsupportedKey } from './algorithm.js'

// The only file that reads or writes DER. It checks structure and bounds strictly, so that Node
// and browsers (whose importers differ in what malformed input they let through) agree, and it
// leaves the real RSA arithmetic checks to WebCrypto. Ed25519 keys are handed on rebuilt in the
// one canonical form (RFC 8410), so every runtime imports the very same bytes.

const INTEGER = 0x02
const BIT_STRING = 0x03
const OCTET_STRING = 0x04
const NULL = 0x05
const OID = 0x06
const SEQUENCE = 0x30
const ATTRIBUTES = 0xa0 // [0] IMPLICIT, PrivateKeyInfo.attributes
const PUBLIC_KEY = 0x81 // [1] IMPLICIT BIT STRING, OneAsymmetricKey.publicKey (PKCS#8 v2)

// The contents of the AlgorithmIdentifiers Kalshi keys have: rsaEncryption with NULL parameters,
// and id-Ed25519 with none (RFC 8410).
// biome-ignore format: one DER element per line
const RSA_ALGORITHM = [
  0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
  0x05, 0x00,
]
const RSA_ENCRYPTION = RSA_ALGORITHM.slice(2, 11) // OID 1.2.840.113549.1.1.1
const ED25519_ALGORITHM = [0x06, 0x03, 0x2b, 0x65, 0x70]
const ID_ED25519 = ED25519_ALGORITHM.slice(2) // OID 1.3.101.112

interface Tlv {
  readonly tag: number
  /** The contents: a view of the bytes the element was read from, not a copy. */
  readonly body: Bytes
  /** One past the element's last byte, in the bytes it was read from. */
  readonly end: number
}

function malformed(what = 'not a PKCS#1 or PKCS#8 private key'): KalshiKeyError {
  return new KalshiKeyError('ERR_KEY_FORMAT', `Malformed DER: ${what}`)
}

/** Reads the element at `offset`, which must end within `bytes`. Definite, minimal lengths only. */
function readTlv(bytes: Bytes, offset: number): Tlv {
  const tag = bytes[offset] as number
  if ((tag & 0x1f) === 0x1f) throw malformed()
  let length = bytes[offset + 1] as number
  let start = offset + 2
  if (length & 0x80) {
    const count = length & 0x7f
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] as number)
    // Definite (a count of 0 is BER's indefinite form), of at most 4 bytes, in bounds, minimal.
    if (!count || count > 4 || start + count > bytes.length || bytes[start] === 0 || length < 0x80)
      throw malformed('bad length')
    start += count
  }
  const end = start + length
  // Also when the tag and length themselves run past the end: `end` is then past it, or NaN.
  if (!(end <= bytes.length)) throw malformed('truncated')
  return { tag, body: bytes.subarray(start, end), end }
}

/** Reads `bytes` as exactly one element: nothing may follow it. */
function readWhole(bytes: Bytes): Tlv {
  const tlv = readTlv(bytes, 0)
  if (tlv.end !== bytes.length) throw malformed('trailing bytes')
  return tlv
}

/** The elements inside a constructed element; they must fill its contents exactly. */
function childrenOf({ body }: Tlv): Tlv[] {
  const children: Tlv[] = []
  for (let offset = 0; offset < body.length; ) {
    const child = readTlv(body, offset)
    children.push(child)
    offset = child.end
  }
  return children
}

/** Whether an element is there with this tag and, when given, exactly these contents. */
function is(tlv: Tlv | undefined, tag: number, contents?: number[]): tlv is Tlv {
  // Bytes as their decimal values joined by commas, which tell any two byte strings apart.
  return tlv?.tag === tag && (!contents || `${tlv.body}` === `${contents}`)
}

/** Checks a DER INTEGER is minimally encoded and non-negative; returns its magnitude in bits. */
function unsignedIntegerBits({ tag, body }: Tlv): number {
  const { length } = body
  const first = body[0] as number
  // Not empty, not negative, and a leading 0 only where the next byte would read as negative.
  if (
    tag !== INTEGER ||
    !length ||
    first & 0x80 ||
    (!first && length > 1 && !((body[1] as number) & 0x80))
  )
    throw malformed('bad INTEGER')
  // The bits of the first byte, then 8 a byte: a leading 0 (clz32 = 32) takes its own 8 off.
  return length * 8 + 24 - Math.clz32(first)
}

/** What {@link inspectPrivateKey} found: the kind of key, and PKCS#8 bytes ready for WebCrypto. */
export interface PrivateKeyDer {
  readonly keyType: KeyType
  readonly pkcs8: Bytes
}

/**
 * Recognises a DER private key (PKCS#8 or PKCS#1), checks its structure strictly and an RSA key's
 * size, and returns it as PKCS#8, wrapping PKCS#1 when needed. Throws a {@link KalshiKeyError}
 * naming what is wrong.
 */
export function inspectPrivateKey(der: Bytes): PrivateKeyDer {
  const outer = readWhole(der)
  if (outer.tag !== SEQUENCE) throw malformed()
  const [first, second, third] = childrenOf(outer)
  // The tags of the first two elements tell the structures apart.
  switch (`${first?.tag},${second?.tag}`) {
    case `${SEQUENCE},${BIT_STRING}`: // SubjectPublicKeyInfo
      throw new KalshiKeyError('ERR_KEY_FORMAT', 'A public key: use the private key')
    case `${SEQUENCE},${OCTET_STRING}`: // EncryptedPrivateKeyInfo
      throw encryptedKey()
    case `${INTEGER},${SEQUENCE}`:
      return inspectPkcs8(der, outer)
    case `${INTEGER},${INTEGER}`: // RSAPrivateKey
      inspectPkcs1(outer)
      return { keyType: 'rsa', pkcs8: pkcs8(RSA_ALGORITHM, der) }
    case `${INTEGER},${OCTET_STRING}`: // SEC1 ECPrivateKey
      if (third) throw unsupportedKey('EC')
  }
  throw malformed()
}

/** The error for an encrypted private key, in PEM or DER. */
export const encryptedKey = (): KalshiKeyError =>
  new KalshiKeyError('ERR_KEY_ENCRYPTED', 'Encrypted key: decrypt it first')

function inspectPkcs8(der: Bytes, outer: Tlv): PrivateKeyDer {
  const [version, algorithm, privateKey, ...optional] = childrenOf(outer)
  const v2 = is(version, INTEGER, [1])
  if (!(v2 || is(version, INTEGER, [0])) || !algorithm) throw malformed('bad PKCS#8 version')
  if (!is(privateKey, OCTET_STRING)) throw malformed()
  // [0] attributes, then (v2 only) [1] the public key, each at most once and in that order: taken
  // off the front as they come, they leave nothing.
  if (optional[0]?.tag === ATTRIBUTES) optional.shift()
  if (v2 && optional[0]?.tag === PUBLIC_KEY) optional.shift()
  if (optional.length) throw malformed()
  const [oid, parameters, more] = childrenOf(algorithm)
  if (!is(oid, OID)) throw malformed()
  const inner = privateKey.body
  const ed25519 = is(oid, OID, ID_ED25519)
  if (!ed25519 && !is(oid, OID, RSA_ENCRYPTION)) {
    throw unsupportedKey('Non-RSA, non-Ed25519') // EC, DSA, X25519, Ed448, RSA-PSS-restricted…
  }
  const innerOuter = readWhole(inner)
  if (ed25519) {
    // RFC 8410: no parameters, and the key is an OCTET STRING of the 32-byte seed.
    if (parameters || innerOuter.tag !== OCTET_STRING || innerOuter.body.length !== 32)
      throw malformed('bad Ed25519 key')
    // Rebuilt around the OCTET STRING of the seed, which is canonical once checked.
    return { keyType: 'ed25519', pkcs8: pkcs8(ED25519_ALGORITHM, inner) }
  }
  // RSA: parameters NULL and nothing more, a version 1 (v2) key being Ed25519-only here.
  if (v2 || !is(parameters, NULL, []) || more || innerOuter.tag !== SEQUENCE) throw malformed()
  inspectPkcs1(innerOuter)
  return { keyType: 'rsa', pkcs8: der }
}

/** Checks an RSAPrivateKey: two-prime, version 0, a modulus of 2048 bits or more. */
function inspectPkcs1(outer: Tlv): void {
  const fields = childrenOf(outer)
  if (fields.length === 10) throw unsupportedKey('Multi-prime RSA')
  if (fields.length === 6) throw unsupportedKey('DSA') // OpenSSL's traditional DSA layout
  if (fields.length !== 9 || !is(fields[0], INTEGER, [0])) throw malformed()
  assertModulusBits(fields.map(unsignedIntegerBits)[1] as number)
}

function header(tag: number, length: number): number[] {
  if (length < 0x80) return [tag, length]
  const bytes: number[] = []
  for (let rest = length; rest; rest >>>= 8) bytes.unshift(rest & 0xff)
  return [tag, 0x80 | bytes.length, ...bytes]
}

/** PrivateKeyInfo v1 of a key: SEQUENCE { INTEGER 0, SEQUENCE { algorithm }, OCTET STRING { key } }. */
function pkcs8(algorithm: number[], key: Uint8Array): Bytes {
  // biome-ignore format: one DER element per line
  const body = [
    INTEGER, 0x01, 0x00,
    SEQUENCE, algorithm.length, ...algorithm,
    ...header(OCTET_STRING, key.length),
  ]
  const head = [...header(SEQUENCE, body.length + key.length), ...body]
  const out = new Uint8Array(head.length + key.length)
  out.set(head)
  out.set(key, head.length)
  return out
}

/**
 * Wraps a PKCS#1 RSAPrivateKey into PKCS#8 PrivateKeyInfo (the only private format WebCrypto
 * imports). {@link inspectPrivateKey} calls `pkcs8` itself: terser inlines a call of this one
 * with a variable of its own, 10 B gzip in the keys file.
 */
export const pkcs1ToPkcs8 = (pkcs1: Uint8Array): Bytes => pkcs8(RSA_ALGORITHM, pkcs1)

/** Takes the PKCS#1 RSAPrivateKey out of an RSA PKCS#8 PrivateKeyInfo. */
export function pkcs8ToPkcs1(pkcs8: Bytes): Bytes {
  const outer = readWhole(pkcs8)
  const privateKey = childrenOf(outer)[2]
  if (outer.tag !== SEQUENCE || !is(privateKey, OCTET_STRING)) throw malformed()
  return privateKey.body.slice()
}

// What marks a private key's DER wherever it stands in a run of bytes, even with its head cut
// off: PKCS#8's algorithm followed by an OCTET STRING (a public key has a BIT STRING there), and
// PKCS#1's version 0 before the modulus, or its public exponent 65537 before the private one.
// Made when asked, not at load: an array built with spreads is not free of side effects to a
// bundler, which would then keep it in every app that imports only the key functions.
const privateKeyMarks = () => [
  [...RSA_ALGORITHM, OCTET_STRING],
  [...ED25519_ALGORITHM, OCTET_STRING, 0x22, OCTET_STRING, 0x20],
  [INTEGER, 0x01, 0x00, INTEGER, 0x82],
  [INTEGER, 0x03, 0x01, 0x00, 0x01, INTEGER, 0x82],
]

/**
 * Whether some bytes hold a private key's DER (PKCS#8 RSA or Ed25519, PKCS#1 RSA) anywhere in
 * them, whole or cut: the screen of what is sent, for text that decodes to bytes.
 */
export function holdsPrivateKeyDer(bytes: Uint8Array): boolean {
  const marks = privateKeyMarks()
  for (let at = 0; at < bytes.length; at++)
    for (const mark of marks) if (mark.every((byte, i) => bytes[at + i] === byte)) return true
  return false
}
