// The public API, every name spelled out: nothing is exported by accident.

/**
 * The client, keys, signing, key store and rotation: everything for a page, Node, Deno, Bun or a
 * worker. Also the global `KalshiWebCrypto` of the CDN script.
 *
 * @module kalshi-webcrypto
 */

export type {
  ApiRequest,
  ClientOptions,
  FollowingClient,
  FollowingClientOptions,
  KalshiClient,
  LocalApiKey,
  RequestOptions,
  ServerApiKey,
} from './client.js'
export { createClient, KALSHI_BASE_URLS } from './client.js'
export type { SearchParams } from './copy.js'
export type { CryptoKeyShape, WebCryptoKey, WebCryptoKeyPair } from './crypto-key.js'
export type {
  KalshiApiErrorInit,
  KalshiErrorOptions,
  KalshiIssue,
  KalshiKeyErrorCode,
} from './errors.js'
export {
  isKalshiError,
  KalshiApiError,
  KalshiError,
  KalshiKeyError,
  KalshiNetworkError,
  KalshiTimeoutError,
  KalshiValidationError,
} from './errors.js'
export type { AdoptedApiKey } from './follow.js'
export type { KeyType } from './keys/algorithm.js'
export type { ExportPrivateKeyOptions } from './keys/export.js'
export { exportPrivateKeyPem, exportPublicKeyPem } from './keys/export.js'
export type { GenerateKeyPairOptions } from './keys/generate.js'
export { generateKeyPair } from './keys/generate.js'
export type { ImportPrivateKeyOptions } from './keys/import.js'
export { importPrivateKey } from './keys/import.js'
export type {
  KeyStore,
  KeyStoreOptions,
  PersistentStorageOptions,
  SaveCredentialsOptions,
} from './keys/store.js'
export { createKeyStore, requestPersistentStorage } from './keys/store.js'
export type { KalshiRotationIncompleteError, RotatedApiKey } from './rotate.js'
export { rotateApiKey } from './rotate.js'
export type {
  ApiKey,
  ApiKeyScope,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  GenerateApiKeyRequest,
  GenerateApiKeyResponse,
  GetApiKeysParams,
  GetApiKeysResponse,
  LocalKeyOptions,
  RotateApiKeyOptions,
  ServerKeyOptions,
} from './schemas.js'
export { KALSHI_API_VERSION } from './schemas.js'
export type { Credentials, KalshiAuthHeaders, SignableRequest } from './signer.js'
export { signRequest } from './signer.js'
export type { StandardSchemaResult, StandardSchemaV1 } from './standard-schema.js'
export type { SignWebSocketOptions } from './websocket.js'
export { signWebSocketProtocols } from './websocket.js'
