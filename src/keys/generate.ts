import { subtle } from '../runtime.js'
import { assertModulusBits, RSA_PSS_SHA256 } from './algorithm.js'

/** Options of {@link generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /** RSA modulus size in bits. Default 2048, which Kalshi uses. */
  modulusLength?: 2048 | 3072 | 4096 | undefined
  /** Let the private key's bytes be exported (to back them up). Default `false`. */
  extractable?: boolean | undefined
}

const MODULUS_LENGTHS = [2048, 3072, 4096]
const F4 = /* @__PURE__ */ Uint8Array.of(1, 0, 1) // e = 65537

/**
 * Makes an RSA-PSS SHA-256 key pair on this device. The private key is non-extractable unless
 * `extractable: true`, so no script (this SDK included) can ever read or send its bytes; the
 * public key is always extractable, ready for {@link exportPublicKeyPem}.
 *
 * @throws {KalshiKeyError} `ERR_KEY_TOO_SMALL` below 2048 bits.
 * @example
 * ```ts
 * const keyPair = await generateKeyPair() // 2048 bits, private key non-extractable
 * const publicKeyPem = await exportPublicKeyPem(keyPair)
 * ```
 */
export async function generateKeyPair(
  options: GenerateKeyPairOptions = {},
): Promise<CryptoKeyPair> {
  const modulusLength = options.modulusLength ?? 2048
  assertModulusBits(modulusLength)
  if (!MODULUS_LENGTHS.includes(modulusLength))
    throw new TypeError('modulusLength must be 2048, 3072 or 4096')
  return subtle().generateKey(
    { ...RSA_PSS_SHA256, modulusLength, publicExponent: F4 },
    options.extractable === true,
    ['sign', 'verify'],
  )
}
