import type { Bytes } from '../base64.js'
import { KalshiKeyError } from '../errors.js'
import { MIN_MODULUS_BITS, RSA_PSS_SHA256 } from './algorithm.js'
import { inspectPrivateKey } from './der.js'
import { decodeBareBase64, type PemBlock, parsePem } from './pem.js'

/** Options of {@link importPrivateKey}. */
export interface ImportPrivateKeyOptions {
  /** Let the key's bytes be exported again later. Default `false`: no script can read them. */
  extractable?: boolean
}

/**
 * Imports an RSA private key for signing Kalshi requests: PEM (PKCS#1 `RSA PRIVATE KEY` or
 * PKCS#8 `PRIVATE KEY`, with CRLF, indentation, blank lines and text around the block
 * tolerated), bare base64, or DER bytes. The result is an RSA-PSS SHA-256 `CryptoKey` with usage
 * `sign`, non-extractable unless asked. Import once and reuse the key: parsing is the slow part.
 *
 * @throws {KalshiKeyError} `ERR_KEY_FORMAT`, `ERR_KEY_ENCRYPTED`, `ERR_KEY_UNSUPPORTED` or
 *   `ERR_KEY_TOO_SMALL`; the message never contains the key.
 * @example
 * ```ts
 * import { importPrivateKey } from 'kalshi-webcrypto'
 *
 * const privateKey = await importPrivateKey(pemFromKalshi) // "-----BEGIN RSA PRIVATE KEY-----…"
 * ```
 */
export async function importPrivateKey(
  key: string | BufferSource,
  options: ImportPrivateKeyOptions = {},
): Promise<CryptoKey> {
  const { pkcs8, modulusBits } = inspectPrivateKey(toDer(key))
  if (modulusBits < MIN_MODULUS_BITS) {
    throw new KalshiKeyError(
      'ERR_KEY_TOO_SMALL',
      `The RSA key has ${modulusBits} bits; at least ${MIN_MODULUS_BITS} are required`,
    )
  }
  try {
    return await crypto.subtle.importKey('pkcs8', pkcs8, RSA_PSS_SHA256, options.extractable === true, ['sign'])
  } catch (cause) {
    throw new KalshiKeyError('ERR_KEY_FORMAT', 'WebCrypto refused the RSA key as malformed', { cause })
  }
}

function toDer(key: string | BufferSource): Bytes {
  if (typeof key === 'string') return fromText(key)
  if (ArrayBuffer.isView(key)) return new Uint8Array(key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength))
  if (Object.prototype.toString.call(key) === '[object ArrayBuffer]') return new Uint8Array((key as ArrayBuffer).slice(0))
  throw new TypeError('importPrivateKey expects a PEM string, an ArrayBuffer or a typed array')
}

function fromText(text: string): Bytes {
  const blocks = parsePem(text)
  if (blocks.length === 0) {
    const der = decodeBareBase64(text)
    if (der === undefined) throw new KalshiKeyError('ERR_KEY_FORMAT', 'The key is neither PEM nor base64 DER')
    return der
  }
  return pickPrivateKey(blocks).der
}

function pickPrivateKey(blocks: PemBlock[]): PemBlock {
  const keys = blocks.filter((block) => block.label.endsWith('PRIVATE KEY'))
  const [block, another] = keys
  if (block === undefined) {
    const labels = blocks.map((other) => other.label).join(', ')
    throw new KalshiKeyError('ERR_KEY_FORMAT', `No private key found (the PEM holds: ${labels}); a private key is needed to sign`)
  }
  if (another !== undefined) throw new KalshiKeyError('ERR_KEY_FORMAT', 'The PEM holds more than one private key')
  if (block.encrypted || block.label === 'ENCRYPTED PRIVATE KEY') {
    throw new KalshiKeyError('ERR_KEY_ENCRYPTED', 'The key is encrypted; decrypt it first (openssl pkey -in key.pem)')
  }
  if (block.label !== 'RSA PRIVATE KEY' && block.label !== 'PRIVATE KEY') {
    throw new KalshiKeyError('ERR_KEY_UNSUPPORTED', `"${block.label}" keys are not supported; Kalshi API keys are RSA`)
  }
  return block
}
