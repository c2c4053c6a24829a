import type { WebCryptoKeyPair } from '../crypto-key.js'
import { subtle } from '../runtime.js'
import {
  assertModulusBits,
  ED25519,
  type KeyType,
  noEd25519,
  RSA_PSS_SHA256,
  tryTwice,
} from './algorithm.js'

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /**
   * `rsa` (the default, as the API's) or `ed25519`: made in a fraction of a millisecond where
   * RSA takes tens, and cheaper to sign with.
   */
  keyType?: KeyType | undefined
  /** RSA modulus size in bits. Default 2048, which Kalshi uses. Not for Ed25519. */
  modulusLength?: 2048 | 3072 | 4096 | undefined
  /** Let the private key's bytes be exported (to back them up). Default `false`. */
  extractable?: boolean | undefined
}

const MODULUS_LENGTHS = [2048, 3072, 4096]
const F4 = /* @__PURE__ */ Uint8Array.of(1, 0, 1) // e = 65537

/**
 * Makes a key pair on this device: RSA-PSS SHA-256 (2048 bits unless asked) or Ed25519. The
 * private key is non-extractable unless `extractable: true`, so no script (this SDK included)
 * can ever read or send its bytes; the public key is always extractable, ready for
 * {@link exportPublicKeyPem}.
 *
 * @throws {KalshiKeyError} `ERR_KEY_TOO_SMALL` below 2048 bits.
 * @throws {KalshiError} `ERR_UNSUPPORTED_RUNTIME` for Ed25519 where WebCrypto has no Ed25519.
 * @example
 * ```ts
 * const keyPair = await generateKeyPair({ keyType: 'ed25519' }) // private key non-extractable
 * const publicKeyPem = await exportPublicKeyPem(keyPair)
 * ```
 */
export async function generateKeyPair(
  options: GenerateKeyPairOptions = {},
): Promise<WebCryptoKeyPair> {
  const { keyType = 'rsa', modulusLength } = options
  const ed25519 = keyType === 'ed25519'
  let algorithm: AlgorithmIdentifier | RsaHashedKeyGenParams = ED25519
  if (ed25519) {
    if (modulusLength !== undefined) throw new TypeError('modulusLength is for RSA keys only')
  } else {
    if (keyType !== 'rsa') throw new TypeError('keyType must be "rsa" or "ed25519"')
    const bits = modulusLength ?? 2048
    assertModulusBits(bits)
    if (!MODULUS_LENGTHS.includes(bits))
      throw new TypeError('modulusLength must be 2048, 3072 or 4096')
    algorithm = { ...RSA_PSS_SHA256, modulusLength: bits, publicExponent: F4 }
  }
  const webCrypto = subtle()
  try {
    return (await tryTwice(() =>
      webCrypto.generateKey(algorithm, options.extractable === true, ['sign', 'verify']),
    )) as CryptoKeyPair
  } catch (cause) {
    throw (ed25519 && noEd25519(cause)) || cause
  }
}
