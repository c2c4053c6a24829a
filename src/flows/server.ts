import { type KeyType, keyTypeOf } from '../keys/algorithm.js'
import { generateKeyPair } from '../keys/generate.js'
import { importPrivateKey } from '../keys/import.js'
import { type GenerateApiKeyRequest, type GenerateApiKeyResponse, validate } from '../schemas.js'
import { assertKeyId } from '../signer.js'
import { KalshiGeneratedKeyError } from './errors.js'
import { type ServerKeyOptions, ServerKeyOptionsSchema } from './options.js'
import type { ServerApiKey } from './types.js'

/**
 * `client.createApiKeyWithServerKey`: a key the server makes (the client's `generateApiKey`),
 * imported at once, its PEM dropped.
 */
export async function createApiKeyWithServerKey(
  generateApiKey: (body: GenerateApiKeyRequest) => Promise<GenerateApiKeyResponse>,
  options: ServerKeyOptions,
): Promise<ServerApiKey> {
  const { keyType, extractable, fcmSubtraderId, ...fields } = validate(
    ServerKeyOptionsSchema,
    options,
    'createApiKeyWithServerKey',
  )
  // Where WebCrypto has no Ed25519, say so before a key is made that could not be used.
  if (keyType === 'ed25519') await generateKeyPair({ keyType })
  // The wire's names; an `undefined` field is dropped with the rest by JSON.
  const generated = await generateApiKey({
    ...fields,
    fcm_subtrader_id: fcmSubtraderId,
    key_type: keyType,
  })
  // Only what is known is passed on: a field added later could be key material.
  const { api_key_id, warning } = generated
  try {
    assertKeyId(api_key_id)
    const privateKey = await importPrivateKey(generated.private_key, { extractable })
    const credentials = { keyId: api_key_id, privateKey }
    return {
      api_key_id,
      ...(warning !== undefined && { warning }),
      keyType: keyTypeOf(privateKey) as KeyType,
      credentials,
    }
  } catch (cause) {
    // Not deleted: nothing tells a key just minted from another key of the account that a forged
    // answer names, and a DELETE signed with this client's key would be obeyed for either. A key
    // that cannot be imported cannot sign its own DELETE either. So the answer is handed over.
    throw new KalshiGeneratedKeyError(
      `The generated key ${api_key_id} is unusable here (${(cause as Error)?.message}); not deleted: if the listing shows it is new, delete it yourself; the answer is on error.response`,
      api_key_id,
      generated,
      { cause },
    )
  }
}
