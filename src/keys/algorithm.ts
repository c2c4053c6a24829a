import { KalshiKeyError, KalshiRuntimeError } from '../errors.js'

// Kalshi keys come in two kinds (ApiKeyType in the spec): RSA, whose requests are signed RSA-PSS
// SHA-256 with a 32-byte salt, and Ed25519 (RFC 8032). This file is where the two are told apart.

/** An API key's signature algorithm, as the API names it (`key_type`). */
export type KeyType = 'rsa' | 'ed25519'

/** The spec's `ApiKeyType` enum; `rsa` is the API's default. */
export const KEY_TYPES: readonly KeyType[] = ['rsa', 'ed25519']

/** WebCrypto's parameters for Kalshi's RSA keys: RSA-PSS over SHA-256. */
export const RSA_PSS_SHA256 = { name: 'RSA-PSS', hash: 'SHA-256' } as const
export const ED25519 = 'Ed25519'

/** RSA below this is refused, as WebCrypto libraries and Kalshi's own keys agree. */
export const MIN_MODULUS_BITS = 2048

/**
 * A `CryptoKey`'s own internal slot, read through the `CryptoKey.prototype` getter: an own property
 * laid over it (`Object.defineProperty(key, 'extractable', { value: false })`) is not what the key
 * is, and is never read. Throws a `TypeError` for anything that is not a real `CryptoKey`.
 */
export function keySlot<TName extends 'type' | 'extractable' | 'algorithm' | 'usages'>(
  key: unknown,
  name: TName,
): CryptoKey[TName] {
  const { CryptoKey: Class } = globalThis as { CryptoKey?: { prototype: object } }
  const get = Class && Object.getOwnPropertyDescriptor(Class.prototype, name)?.get
  // A runtime without a CryptoKey class of its own (none known) gets the property as it is.
  return get ? get.call(key) : (key as CryptoKey)[name]
}

/**
 * Tells a real `CryptoKey` apart by its internal slots rather than `instanceof` or its tag (both
 * are easy to fake), so keys from another realm (a worker, an iframe) are recognised too.
 */
export function isCryptoKey(value: unknown): value is CryptoKey {
  try {
    return typeof value === 'object' && value !== null && keySlot(value, 'type') !== undefined
  } catch {
    return false
  }
}

/** Which kind of Kalshi key a `CryptoKey` is, or `undefined` for any other key. */
export function keyTypeOf(key: CryptoKey): KeyType | undefined {
  const algorithm = keySlot(key, 'algorithm') as Partial<RsaHashedKeyAlgorithm>
  if (algorithm.name === ED25519) return 'ed25519'
  if (algorithm.name === RSA_PSS_SHA256.name && algorithm.hash?.name === RSA_PSS_SHA256.hash)
    return 'rsa'
  return undefined
}

/**
 * The parameters of `crypto.subtle.sign` for a key, read from the key itself. Throws unless it can
 * make Kalshi signatures: a private `sign` key, RSA-PSS SHA-256 or Ed25519.
 */
export function signingAlgorithm(key: CryptoKey): AlgorithmIdentifier | RsaPssParams {
  // A CryptoKey never changes: checked once, its parameters are reused (nothing secret in them).
  const known = checked.get(key)
  if (known) return known
  const kind = keyTypeOf(key)
  const type = keySlot(key, 'type')
  const algorithm = keySlot(key, 'algorithm')
  if (type !== 'private' || !kind || !keySlot(key, 'usages').includes('sign')) {
    throw new KalshiKeyError(
      'ERR_KEY_UNSUPPORTED',
      `Needs a private RSA-PSS SHA-256 or Ed25519 signing key, not ${type} ${algorithm.name}`,
    )
  }
  if (kind === 'rsa') assertModulusBits((algorithm as RsaHashedKeyAlgorithm).modulusLength)
  // Kalshi signs with a 32-byte salt: the SHA-256 digest length. Ed25519 by its name alone: Node
  // reads an algorithm object's members one by one, 2 µs a signature (BENCHMARKS.md).
  const params = kind === 'rsa' ? { name: RSA_PSS_SHA256.name, saltLength: 32 } : ED25519
  checked.set(key, params)
  return params
}

const checked = /* @__PURE__ */ new WeakMap<object, AlgorithmIdentifier | RsaPssParams>()

/**
 * Checks a signature just made against the key's policy. The algorithm object a key's getter
 * returns is the key's own cached object, which any script may change (`modulusLength = 2048` on
 * an RSA-1024 key): the signature's length is the modulus's, whatever that object says.
 */
export function assertSignatureFits(
  algorithm: AlgorithmIdentifier | RsaPssParams,
  signature: ArrayBuffer,
): void {
  if ((algorithm as RsaPssParams).name === RSA_PSS_SHA256.name)
    assertModulusBits(signature.byteLength * 8)
}

/** The error for a key of another kind than RSA or Ed25519. */
export function unsupportedKey(kind: string): KalshiKeyError {
  return new KalshiKeyError(
    'ERR_KEY_UNSUPPORTED',
    `${kind} keys are not supported: use RSA or Ed25519`,
  )
}

/** Refuses RSA keys under {@link MIN_MODULUS_BITS}. */
export function assertModulusBits(bits: number): void {
  if (bits < MIN_MODULUS_BITS) {
    throw new KalshiKeyError(
      'ERR_KEY_TOO_SMALL',
      `RSA-${bits} is too small: use ${MIN_MODULUS_BITS}+ bits`,
    )
  }
}

/**
 * The error for a WebCrypto call on an Ed25519 key that failed because the runtime has no Ed25519
 * (an older browser), or `undefined` when it failed for another reason.
 */
export function noEd25519(cause: unknown): KalshiRuntimeError | undefined {
  if ((cause as Error | undefined)?.name !== 'NotSupportedError') return undefined
  return new KalshiRuntimeError(
    'ERR_UNSUPPORTED_RUNTIME',
    'This WebCrypto has no Ed25519: use RSA',
    { cause },
  )
}

/**
 * Runs a WebCrypto operation, and once more if it fails with `OperationError`: WebKitGTK now and
 * then fails an Ed25519 key generation or import that succeeds when tried again (seen about once
 * in a few hundred, more often with many at once). A real failure fails twice, and is thrown.
 */
export function tryTwice<T>(operation: () => Promise<T>): Promise<T> {
  return operation().catch((error: Error | undefined) =>
    error?.name === 'OperationError' ? operation() : Promise.reject(error),
  )
}
