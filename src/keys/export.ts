import type { WebCryptoKey, WebCryptoKeyPair } from '../crypto-key.js'
import { KalshiKeyError } from '../errors.js'
import { subtle } from '../runtime.js'
import { isCryptoKey, type KeyType, keySlot, keyTypeOf, unsupportedKey } from './algorithm.js'
import { pkcs8ToPkcs1 } from './der.js'
import { formatPem } from './pem.js'

/**
 * Exports an RSA or Ed25519 public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the form
 * `createApiKey` registers. Takes a key pair or its public key (a private key does not hold one
 * in WebCrypto).
 *
 * @throws {KalshiKeyError} `ERR_KEY_UNSUPPORTED` for a key that is neither.
 * @example
 * ```ts
 * const keyPair = await generateKeyPair()
 * const publicKeyPem = await exportPublicKeyPem(keyPair)
 * await client.createApiKey({ name: 'laptop', public_key: publicKeyPem })
 * ```
 */
export async function exportPublicKeyPem(key: WebCryptoKey | WebCryptoKeyPair): Promise<string> {
  const publicKey = isCryptoKey(key) ? key : (key as Partial<WebCryptoKeyPair> | null)?.publicKey
  assertKalshiKey(publicKey, 'public', 'Expected a key pair or a public CryptoKey')
  const spki = await subtle().exportKey('spki', publicKey as CryptoKey) // a CryptoKey: checked above
  return formatPem('PUBLIC KEY', new Uint8Array(spki))
}

/** Options of {@link exportPrivateKeyPem}. */
export interface ExportPrivateKeyOptions {
  /**
   * `pkcs8` (`BEGIN PRIVATE KEY`, the default) or, for RSA keys only, `pkcs1`
   * (`BEGIN RSA PRIVATE KEY`, as Kalshi hands out RSA keys).
   */
  format?: 'pkcs8' | 'pkcs1'
}

/**
 * Exports an extractable private key as PEM: PKCS#8 by default (RSA or Ed25519), or PKCS#1 (RSA
 * only). Only keys made or
 * imported with `extractable: true` can be exported; that is the point of non-extractable keys.
 *
 * @throws {KalshiKeyError} `ERR_KEY_NOT_EXTRACTABLE` when the key was not made extractable.
 * @example
 * ```ts
 * const { privateKey } = await generateKeyPair({ extractable: true })
 * const pem = await exportPrivateKeyPem(privateKey, { format: 'pkcs1' }) // back it up somewhere safe
 * ```
 */
export async function exportPrivateKeyPem(
  key: WebCryptoKey,
  options: ExportPrivateKeyOptions = {},
): Promise<string> {
  const format = options.format ?? 'pkcs8'
  const keyType = assertKalshiKey(key, 'private', 'Expected a private CryptoKey')
  if (format !== 'pkcs8' && (format !== 'pkcs1' || keyType !== 'rsa'))
    throw new TypeError('format must be "pkcs8", or "pkcs1" for an RSA key')
  if (!keySlot(key, 'extractable')) {
    throw new KalshiKeyError(
      'ERR_KEY_NOT_EXTRACTABLE',
      'Non-extractable key: it cannot be exported',
    )
  }
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', key))
  return format === 'pkcs1'
    ? formatPem('RSA PRIVATE KEY', pkcs8ToPkcs1(pkcs8))
    : formatPem('PRIVATE KEY', pkcs8)
}

/** Checks a key is a `CryptoKey` of this type (else a `TypeError` saying `expected`), RSA or Ed25519. */
function assertKalshiKey(key: unknown, type: 'public' | 'private', expected: string): KeyType {
  if (!isCryptoKey(key) || keySlot(key, 'type') !== type) throw new TypeError(expected)
  const keyType = keyTypeOf(key)
  if (!keyType) throw unsupportedKey(keySlot(key, 'algorithm').name)
  return keyType
}
