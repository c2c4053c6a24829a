// What the flows hand back: a new key, ready to sign with. Apart from the flows themselves, so the
// errors that carry a result (errors.ts here) need no flow.
import type { WebCryptoKeyPair } from '../crypto-key.js'
import type { KeyType } from '../keys/algorithm.js'
import type { CreateApiKeyResponse } from '../schemas.js'
import type { Credentials } from '../signer.js'

/** What `client.createApiKeyWithDeviceKey` returns: the new key, made on this device, ready to sign with. */
export type DeviceApiKey = CreateApiKeyResponse & {
  /** `rsa` or `ed25519`, as asked. */
  keyType: KeyType
  /** The SPKI public key PEM that was registered. */
  publicKeyPem: string
  /** The key pair made on this device. */
  keyPair: WebCryptoKeyPair
  /** The new key id and private key, ready for `createClient({ credentials })`. */
  credentials: Credentials
}

/**
 * What `client.createApiKeyWithServerKey` returns: the server's answer without its private key
 * PEM, and the key imported, ready to sign with.
 */
export type ServerApiKey = Pick<CreateApiKeyResponse, 'api_key_id' | 'warning'> & {
  /** The type of the key imported: `rsa` or `ed25519`. */
  keyType: KeyType
  /** The new key id and its private key, imported (non-extractable unless asked). */
  credentials: Credentials
}

/**
 * What {@link rotateApiKey} returns: the new key (made on this device, or by the server with
 * `keyOrigin: 'server'`), and the id of the old one if it was deleted.
 */
export type RotatedApiKey<TKey extends DeviceApiKey | ServerApiKey = DeviceApiKey> = TKey & {
  /** The old key's id, when it was deleted (the default). */
  deletedKeyId?: string
}
