import { KalshiKeyError } from '../errors.js'

/** The one algorithm Kalshi API keys use: RSA-PSS over SHA-256 (salt length 32 at signing). */
export const RSA_PSS_SHA256 = { name: 'RSA-PSS', hash: 'SHA-256' } as const

/** Kalshi signs with a 32-byte salt: the SHA-256 digest length. */
export const SALT_LENGTH = 32

/** RSA below this is refused, as WebCrypto libraries and Kalshi's own keys agree. */
export const MIN_MODULUS_BITS = 2048

/**
 * Tells a `CryptoKey` apart by its tag rather than `instanceof`, so keys from another realm
 * (a worker, an iframe, Node's own class) are recognised too.
 */
export function isCryptoKey(value: unknown): value is CryptoKey {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.prototype.toString.call(value) === '[object CryptoKey]'
  )
}

/** Throws unless `key` can make Kalshi signatures: a private RSA-PSS SHA-256 key usable for `sign`. */
export function assertSigningKey(key: CryptoKey): void {
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm>
  if (
    key.type !== 'private' ||
    algorithm.name !== RSA_PSS_SHA256.name ||
    algorithm.hash?.name !== RSA_PSS_SHA256.hash ||
    !key.usages.includes('sign')
  ) {
    throw new KalshiKeyError(
      'ERR_KEY_UNSUPPORTED',
      `Signing needs a private RSA-PSS SHA-256 "sign" key, not ${key.type} ${algorithm.name}`,
    )
  }
}

/** The error for a key of another kind than RSA (or an RSA variant WebCrypto cannot sign with). */
export function unsupportedKey(kind: string): KalshiKeyError {
  return new KalshiKeyError(
    'ERR_KEY_UNSUPPORTED',
    `${kind} keys are not supported; Kalshi API keys are RSA`,
  )
}

/** Refuses RSA keys under {@link MIN_MODULUS_BITS}. */
export function assertModulusBits(bits: number): void {
  if (bits < MIN_MODULUS_BITS) {
    throw new KalshiKeyError(
      'ERR_KEY_TOO_SMALL',
      `RSA-${bits} is too small: use ${MIN_MODULUS_BITS} bits or more`,
    )
  }
}
