import type { Bytes } from '../base64.js'
import { KalshiKeyError } from '../errors.js'

// The only file that reads or writes DER. It checks structure and bounds strictly, so that Node
// and browsers (whose importers differ in what malformed input they let through) agree, and it
// leaves the real RSA arithmetic checks to WebCrypto.

const INTEGER = 0x02
const BIT_STRING = 0x03
const OCTET_STRING = 0x04
const NULL = 0x05
const OID = 0x06
const SEQUENCE = 0x30
const ATTRIBUTES = 0xa0 // [0] IMPLICIT, PrivateKeyInfo.attributes

const RSA_ENCRYPTION = '2a864886f70d010101'
// Algorithms people might hand us by mistake, named so the error says what the key is.
const OTHER_ALGORITHMS: Record<string, string> = {
  '2a864886f70d01010a': 'RSASSA-PSS-restricted RSA',
  '2a8648ce3d0201': 'EC',
  '2b6570': 'Ed25519',
  '2b6571': 'Ed448',
  '2b656e': 'X25519',
  '2b656f': 'X448',
  '2a8648ce380401': 'DSA',
}

interface Tlv {
  readonly tag: number
  /** First byte of the contents. */
  readonly start: number
  /** One past the last byte of the contents (and of the whole element). */
  readonly end: number
}

function malformed(what: string): KalshiKeyError {
  return new KalshiKeyError('ERR_KEY_FORMAT', `The key is not valid DER: ${what}`)
}

/** Reads one element at `offset`, which must end at or before `limit`. Definite, minimal lengths only. */
function readTlv(bytes: Bytes, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw malformed('truncated element')
  const tag = bytes[offset] as number
  if ((tag & 0x1f) === 0x1f) throw malformed('unexpected high tag number')
  let length = bytes[offset + 1] as number
  let start = offset + 2
  if (length & 0x80) {
    const count = length & 0x7f
    if (count === 0) throw malformed('indefinite length')
    if (count > 4 || start + count > limit) throw malformed('truncated length')
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + i] as number)
    if (bytes[start] === 0 || length < 0x80) throw malformed('non-minimal length')
    start += count
  }
  const end = start + length
  if (end > limit) throw malformed('truncated element')
  return { tag, start, end }
}

/** Reads `bytes` as exactly one element: nothing may follow it. */
function readWhole(bytes: Bytes): Tlv {
  const tlv = readTlv(bytes, 0, bytes.length)
  if (tlv.end !== bytes.length) throw malformed('trailing bytes after the key')
  return tlv
}

/** The elements inside a constructed element; they must fill its contents exactly. */
function childrenOf(bytes: Bytes, parent: Tlv): Tlv[] {
  const children: Tlv[] = []
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readTlv(bytes, offset, parent.end)
    children.push(child)
    offset = child.end
  }
  return children
}

function hex(bytes: Bytes, tlv: Tlv): string {
  let out = ''
  for (let i = tlv.start; i < tlv.end; i++) out += (bytes[i] as number).toString(16).padStart(2, '0')
  return out
}

/** Checks a DER INTEGER is minimally encoded and non-negative; returns its magnitude in bits. */
function unsignedIntegerBits(bytes: Bytes, tlv: Tlv | undefined): number {
  if (tlv?.tag !== INTEGER || tlv.end === tlv.start) throw malformed('expected an INTEGER')
  const first = bytes[tlv.start] as number
  if (first & 0x80) throw malformed('negative INTEGER')
  let start = tlv.start
  if (first === 0 && tlv.end - start > 1) {
    if (((bytes[start + 1] as number) & 0x80) === 0) throw malformed('non-minimal INTEGER')
    start++
  }
  const lead = bytes[start] as number
  return lead === 0 ? 0 : (tlv.end - start - 1) * 8 + (32 - Math.clz32(lead))
}

function isZeroInteger(bytes: Bytes, tlv: Tlv | undefined): boolean {
  return tlv?.tag === INTEGER && tlv.end - tlv.start === 1 && bytes[tlv.start] === 0
}

/** What {@link inspectPrivateKey} found: PKCS#8 bytes ready for WebCrypto, and the modulus size. */
export interface RsaPrivateKeyDer {
  readonly pkcs8: Bytes
  readonly modulusBits: number
}

/**
 * Recognises a DER private key (PKCS#8 or PKCS#1), checks its structure strictly, and returns it
 * as PKCS#8, wrapping PKCS#1 when needed. Throws a {@link KalshiKeyError} naming what is wrong.
 */
export function inspectPrivateKey(der: Bytes): RsaPrivateKeyDer {
  const outer = readWhole(der)
  if (outer.tag !== SEQUENCE) throw malformed('expected a SEQUENCE')
  const [first, second, third] = childrenOf(der, outer)
  if (first?.tag === SEQUENCE && second?.tag === BIT_STRING) {
    throw new KalshiKeyError('ERR_KEY_FORMAT', 'This is a public key; a private key is needed to sign')
  }
  if (first?.tag === SEQUENCE && second?.tag === OCTET_STRING) {
    throw new KalshiKeyError('ERR_KEY_ENCRYPTED', 'The key is encrypted (PKCS#8 EncryptedPrivateKeyInfo); decrypt it first')
  }
  if (first?.tag === INTEGER && second?.tag === SEQUENCE) return inspectPkcs8(der, outer)
  if (first?.tag === INTEGER && second?.tag === INTEGER) {
    const modulusBits = inspectPkcs1(der, outer)
    return { pkcs8: pkcs1ToPkcs8(der), modulusBits }
  }
  if (first?.tag === INTEGER && second?.tag === OCTET_STRING && third !== undefined) {
    throw new KalshiKeyError('ERR_KEY_UNSUPPORTED', 'This is an EC key; Kalshi API keys are RSA')
  }
  throw malformed('not a PKCS#1 or PKCS#8 private key')
}

function inspectPkcs8(der: Bytes, outer: Tlv): RsaPrivateKeyDer {
  const fields = childrenOf(der, outer)
  const [version, algorithm, privateKey, attributes, extra] = fields
  if (!isZeroInteger(der, version)) throw malformed('unsupported PKCS#8 version')
  if (algorithm === undefined || privateKey?.tag !== OCTET_STRING) throw malformed('incomplete PKCS#8')
  if ((attributes !== undefined && attributes.tag !== ATTRIBUTES) || extra !== undefined) {
    throw malformed('unexpected fields in PKCS#8')
  }
  const [oid, parameters, more] = childrenOf(der, algorithm)
  if (oid?.tag !== OID) throw malformed('expected an algorithm OID')
  const oidHex = hex(der, oid)
  if (oidHex !== RSA_ENCRYPTION) {
    const name = OTHER_ALGORITHMS[oidHex]
    throw new KalshiKeyError(
      'ERR_KEY_UNSUPPORTED',
      name ? `This is an ${name} key; Kalshi API keys are plain RSA` : 'The key is not an RSA key',
    )
  }
  if (parameters?.tag !== NULL || parameters.end !== parameters.start || more !== undefined) {
    throw malformed('rsaEncryption parameters must be NULL')
  }
  const inner = der.subarray(privateKey.start, privateKey.end)
  const innerOuter = readWhole(inner)
  if (innerOuter.tag !== SEQUENCE) throw malformed('expected an RSAPrivateKey SEQUENCE')
  return { pkcs8: der, modulusBits: inspectPkcs1(inner, innerOuter) }
}

/** Checks an RSAPrivateKey (two-prime, version 0) and returns its modulus size in bits. */
function inspectPkcs1(der: Bytes, outer: Tlv): number {
  const fields = childrenOf(der, outer)
  if (fields.length === 10 && fields[0]?.tag === INTEGER) {
    throw new KalshiKeyError('ERR_KEY_UNSUPPORTED', 'Multi-prime RSA keys are not supported')
  }
  if (fields.length === 6) {
    throw new KalshiKeyError('ERR_KEY_UNSUPPORTED', 'This looks like a DSA key; Kalshi API keys are RSA')
  }
  if (fields.length !== 9 || !isZeroInteger(der, fields[0])) throw malformed('not an RSAPrivateKey')
  const bits = fields.map((field) => unsignedIntegerBits(der, field))
  return bits[1] as number
}

function encodeLength(length: number): number[] {
  if (length < 0x80) return [length]
  const out: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) out.unshift(rest % 256)
  return [0x80 | out.length, ...out]
}

function element(tag: number, contents: Bytes): Bytes {
  const header = [tag, ...encodeLength(contents.length)]
  const out = new Uint8Array(header.length + contents.length)
  out.set(header)
  out.set(contents, header.length)
  return out
}

function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

// INTEGER 0, then AlgorithmIdentifier { rsaEncryption, NULL }: the fixed head of every RSA PKCS#8.
const PKCS8_RSA_HEAD = /* @__PURE__ */ Uint8Array.of(
  0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
)

/** Wraps a PKCS#1 RSAPrivateKey into PKCS#8 PrivateKeyInfo (the only private format WebCrypto imports). */
export function pkcs1ToPkcs8(pkcs1: Bytes): Bytes {
  return element(SEQUENCE, concat(PKCS8_RSA_HEAD, element(OCTET_STRING, pkcs1)))
}

/** Takes the PKCS#1 RSAPrivateKey out of an RSA PKCS#8 PrivateKeyInfo. */
export function pkcs8ToPkcs1(pkcs8: Bytes): Bytes {
  const outer = readWhole(pkcs8)
  const privateKey = childrenOf(pkcs8, outer)[2]
  if (outer.tag !== SEQUENCE || privateKey?.tag !== OCTET_STRING) throw malformed('not an RSA PKCS#8 key')
  return pkcs8.slice(privateKey.start, privateKey.end)
}
