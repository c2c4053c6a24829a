// `kalshi-webcrypto/keys`: make, import, export, store and sign with keys, with no HTTP client and
// no schemas (no ky, no valibot), for a page that signs without the client. The same modules as
// the main entry exports, not copies: an error thrown here is `instanceof` the main entry's class.
// The error classes are those these functions throw; the API's errors come with the client.

/**
 * Keys alone: make, import, export, store and sign, with no HTTP client and no schemas. The same
 * code as the main entry's functions of these names. Also the global `KalshiWebCryptoKeys` of the
 * keys-only CDN script.
 *
 * @module kalshi-webcrypto/keys
 */

export type { CryptoKeyShape, WebCryptoKey, WebCryptoKeyPair } from './crypto-key.js'
export type { KalshiErrorOptions, KalshiKeyErrorCode, KalshiRuntimeErrorCode } from './errors.js'
export { isKalshiError, KalshiError, KalshiKeyError, KalshiRuntimeError } from './errors.js'
export type { KeyType } from './keys/algorithm.js'
export type { ExportPrivateKeyOptions } from './keys/export.js'
export { exportPrivateKeyPem, exportPublicKeyPem } from './keys/export.js'
export type { GenerateKeyPairOptions } from './keys/generate.js'
export { generateKeyPair } from './keys/generate.js'
export type { ImportPrivateKeyOptions } from './keys/import.js'
export { importPrivateKey } from './keys/import.js'
export type { Credentials, KalshiAuthHeaders, SignableRequest } from './signer.js'
export { signRequest } from './signer.js'
export type {
  KeyStore,
  KeyStoreOptions,
  PersistentStorageOptions,
  SaveCredentialsOptions,
} from './store.js'
export { createKeyStore, requestPersistentStorage } from './store.js'
