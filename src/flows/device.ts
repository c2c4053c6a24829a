import { noCredentials } from '../errors.js'
import { exportPublicKeyPem } from '../keys/export.js'
import { generateKeyPair } from '../keys/generate.js'
import { type CreateApiKeyRequest, type CreateApiKeyResponse, validate } from '../schemas.js'
import { type DeviceKeyOptions, DeviceKeyOptionsSchema } from './options.js'
import type { DeviceApiKey } from './types.js'

/**
 * `client.createApiKeyWithDeviceKey`: a key pair made here, only its public key registered with
 * `createApiKey` (the client's, given with its key id: the flow needs nothing else of it).
 */
export async function createApiKeyWithDeviceKey(
  keyId: string | undefined,
  createApiKey: (body: CreateApiKeyRequest) => Promise<CreateApiKeyResponse>,
  options: DeviceKeyOptions,
): Promise<DeviceApiKey> {
  const {
    keyType = 'rsa',
    modulusLength,
    extractable,
    fcmSubtraderId,
    ...fields
  } = validate(DeviceKeyOptionsSchema, options, 'createApiKeyWithDeviceKey')
  // Checked before the (slow) key generation, so a misconfigured client fails at once.
  if (keyId === undefined) throw noCredentials()
  const keyPair = await generateKeyPair({ keyType, modulusLength, extractable })
  const publicKeyPem = await exportPublicKeyPem(keyPair)
  // The wire's name; an `undefined` one is dropped with the rest by JSON.
  const created = await createApiKey({
    ...fields,
    fcm_subtrader_id: fcmSubtraderId,
    public_key: publicKeyPem,
  })
  return {
    ...created,
    keyType,
    publicKeyPem,
    keyPair,
    credentials: { keyId: created.api_key_id, privateKey: keyPair.privateKey },
  }
}
