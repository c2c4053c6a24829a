import type { Bytes } from '../base64.js'
import type { WebCryptoKey } from '../crypto-key.js'
import { KalshiKeyError } from '../errors.js'
import { forgetLastMatch } from '../regexp-statics.js'
import { subtle } from '../runtime.js'
import { ED25519, noEd25519, RSA_PSS_SHA256, tryTwice, unsupportedKey } from './algorithm.js'
import { encryptedKey, inspectPrivateKey } from './der.js'
import { decodeBareBase64, type PemBlock, parsePem } from './pem.js'

/** Options of {@link importPrivateKey}. */
export interface ImportPrivateKeyOptions {
  /** Let the key's bytes be exported again later. Default `false`: no script can read them. */
  extractable?: boolean | undefined
}

/**
 * Imports a private key for signing Kalshi requests: RSA (PKCS#1 `RSA PRIVATE KEY` or PKCS#8
 * `PRIVATE KEY`) or Ed25519 (PKCS#8 `PRIVATE KEY`, as `generateApiKey` and
 * `openssl genpkey -algorithm ed25519` make it), as PEM (CRLF, indentation, blank lines and text
 * around the block tolerated), bare base64, or DER bytes. The result is a `CryptoKey` with usage
 * `sign` (RSA-PSS SHA-256, or Ed25519), non-extractable unless asked. Import once and reuse the
 * key: parsing is the slow part.
 *
 * @throws {KalshiKeyError} `ERR_KEY_FORMAT`, `ERR_KEY_ENCRYPTED`, `ERR_KEY_UNSUPPORTED` or
 *   `ERR_KEY_TOO_SMALL`; the message never contains the key.
 * @throws {KalshiError} `ERR_UNSUPPORTED_RUNTIME` for an Ed25519 key where WebCrypto has no Ed25519.
 * @example
 * ```ts
 * import { importPrivateKey } from 'kalshi-webcrypto'
 *
 * const privateKey = await importPrivateKey(pemFromKalshi) // "-----BEGIN RSA PRIVATE KEY-----…"
 * ```
 */
export async function importPrivateKey(
  key: string | ArrayBuffer | ArrayBufferView,
  options: ImportPrivateKeyOptions = {},
): Promise<WebCryptoKey> {
  let der: ReturnType<typeof inspectPrivateKey>
  try {
    der = inspectPrivateKey(toDer(key))
  } finally {
    // Parsing matched the PEM's text: the legacy RegExp statics must not keep it for other scripts.
    forgetLastMatch()
  }
  const webCrypto = subtle() // outside the try: its own error is not a malformed key
  try {
    return await tryTwice(() =>
      webCrypto.importKey(
        'pkcs8',
        der.pkcs8,
        der.keyType === 'rsa' ? RSA_PSS_SHA256 : ED25519,
        options.extractable === true,
        ['sign'],
      ),
    )
  } catch (cause) {
    throw (
      (der.keyType === 'ed25519' && noEd25519(cause)) ||
      new KalshiKeyError('ERR_KEY_FORMAT', 'WebCrypto refused the key as malformed', { cause })
    )
  }
}

function toDer(key: string | ArrayBuffer | ArrayBufferView): Bytes {
  if (typeof key === 'string') return fromText(key)
  const view = ArrayBuffer.isView(key)
    ? new Uint8Array(key.buffer, key.byteOffset, key.byteLength)
    : Object.prototype.toString.call(key) === '[object ArrayBuffer]' &&
      new Uint8Array(key as ArrayBuffer)
  if (!view) throw new TypeError('Expected a PEM string or DER bytes')
  // Copied, so the caller's buffer (shared or not) is never read again or kept.
  return new Uint8Array(view)
}

function fromText(text: string): Bytes {
  const blocks = parsePem(text)
  if (blocks.length === 0) {
    const der = decodeBareBase64(text)
    if (!der) throw new KalshiKeyError('ERR_KEY_FORMAT', 'Not a PEM or base64 DER key')
    return der
  }
  return pickPrivateKey(blocks).der
}

function pickPrivateKey(blocks: PemBlock[]): PemBlock {
  const keys = blocks.filter((block) => block.label.endsWith('PRIVATE KEY'))
  const [block, another] = keys
  if (!block) {
    const labels = blocks.map((other) => other.label).join(', ')
    throw new KalshiKeyError('ERR_KEY_FORMAT', `The PEM holds no private key, only: ${labels}`)
  }
  if (another) throw new KalshiKeyError('ERR_KEY_FORMAT', 'The PEM holds more than one private key')
  if (block.encrypted || block.label === 'ENCRYPTED PRIVATE KEY') {
    throw encryptedKey()
  }
  if (block.label !== 'RSA PRIVATE KEY' && block.label !== 'PRIVATE KEY') {
    throw unsupportedKey(block.label.replace(' PRIVATE KEY', ''))
  }
  return block
}
