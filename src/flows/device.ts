import type { KalshiClient, RequestOptions } from '../client.js'
import { noCredentials } from '../errors.js'
import { exportPublicKeyPem } from '../keys/export.js'
import { generateKeyPair } from '../keys/generate.js'
import { validate } from '../schemas.js'
import { type DeviceKeyOptions, DeviceKeyOptionsSchema } from './options.js'
import type { DeviceApiKey } from './types.js'

/** `client.createApiKeyWithDeviceKey`: a key pair made here, only its public key registered. */
export async function createApiKeyWithDeviceKey(
  client: KalshiClient,
  options: DeviceKeyOptions,
  requestOptions?: RequestOptions,
): Promise<DeviceApiKey> {
  const {
    keyType = 'rsa',
    modulusLength,
    extractable,
    fcmSubtraderId,
    ...fields
  } = validate(DeviceKeyOptionsSchema, options, 'createApiKeyWithDeviceKey')
  // Checked before the (slow) key generation, so a misconfigured client fails at once.
  if (client.keyId === undefined) throw noCredentials()
  const keyPair = await generateKeyPair({ keyType, modulusLength, extractable })
  const publicKeyPem = await exportPublicKeyPem(keyPair)
  const created = await client.createApiKey(
    // The wire's name; an `undefined` one is dropped with the rest by JSON.
    { ...fields, fcm_subtrader_id: fcmSubtraderId, public_key: publicKeyPem },
    requestOptions,
  )
  return {
    ...created,
    keyType,
    publicKeyPem,
    keyPair,
    credentials: { keyId: created.api_key_id, privateKey: keyPair.privateKey },
  }
}
