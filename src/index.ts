// The public API, every name spelled out: nothing is exported by accident.

/**
 * The client, keys, signing, key store and rotation: everything for a page, Node, Deno, Bun or a
 * worker. Also the global `KalshiWebCrypto` of the CDN script.
 *
 * @module kalshi-webcrypto
 */

export { KalshiClient } from './client.js'
export type { SearchParams } from './copy.js'
export type {
  ApiRequest,
  ClientOptions,
  FollowingClient,
  FollowingClientOptions,
  RequestOptions,
} from './create-client.js'
export { createClient, KALSHI_BASE_URLS } from './create-client.js'
export type { CryptoKeyShape, WebCryptoKey, WebCryptoKeyPair } from './crypto-key.js'
export type {
  KalshiApiErrorInit,
  KalshiErrorCode,
  KalshiErrorOptions,
  KalshiKeyErrorCode,
  KalshiRuntimeErrorCode,
  KalshiValidationErrorCode,
} from './errors.js'
export {
  isKalshiError,
  KalshiApiError,
  KalshiCredentialsError,
  KalshiError,
  KalshiKeyError,
  KalshiNetworkError,
  KalshiRateLimitError,
  KalshiRuntimeError,
  KalshiTimeoutError,
} from './errors.js'
export type { KalshiNewKeyFate } from './flows/errors.js'
export {
  KalshiGeneratedKeyError,
  KalshiRotationError,
  KalshiRotationIncompleteError,
} from './flows/errors.js'
export type {
  DeviceKeyOptions,
  NewKeyOptions,
  RotateApiKeyOptions,
  ServerKeyOptions,
} from './flows/options.js'
export { rotateApiKey } from './flows/rotate.js'
export type { DeviceApiKey, RotatedApiKey, ServerApiKey } from './flows/types.js'
export type { AdoptedApiKey } from './follow.js'
export type { KeyType } from './keys/algorithm.js'
export type { ExportPrivateKeyOptions } from './keys/export.js'
export { exportPrivateKeyPem, exportPublicKeyPem } from './keys/export.js'
export type { GenerateKeyPairOptions } from './keys/generate.js'
export { generateKeyPair } from './keys/generate.js'
export type { ImportPrivateKeyOptions } from './keys/import.js'
export { importPrivateKey } from './keys/import.js'
export type { RateLimit, RateLimitOptions, UsageLevel } from './rate-limit.js'
export type {
  ApiKey,
  ApiKeyScope,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  GenerateApiKeyRequest,
  GenerateApiKeyResponse,
  GetApiKeysParams,
  GetApiKeysResponse,
} from './schemas.js'
export { KALSHI_API_VERSION } from './schemas.js'
export type { Credentials, KalshiAuthHeaders, SignableRequest } from './signer.js'
export { signRequest } from './signer.js'
export type { StandardSchemaResult, StandardSchemaV1 } from './standard-schema.js'
export type {
  KeyStore,
  KeyStoreOptions,
  PersistentStorageOptions,
  SaveCredentialsOptions,
} from './store.js'
export { createKeyStore, requestPersistentStorage } from './store.js'
export type { KalshiIssue } from './validation-error.js'
export { KalshiValidationError } from './validation-error.js'
export type { SignWebSocketOptions } from './websocket.js'
export { signWebSocketProtocols } from './websocket.js'
