import {
  Client,
  type KalshiClient,
  type LocalApiKey,
  noCredentials,
  type RequestOptions,
  type ServerApiKey,
} from './client.js'
import { KalshiApiError, KalshiError } from './errors.js'
import { type RotateApiKeyOptions, RotateApiKeyOptionsSchema, validate } from './schemas.js'

/**
 * What {@link rotateApiKey} returns: the new key (made on this device, or by the server with
 * `keyOrigin: 'server'`), and the id of the old one if it was deleted.
 */
export type RotatedApiKey<TKey extends LocalApiKey | ServerApiKey = LocalApiKey> = TKey & {
  /** The old key's id, when it was deleted (the default). */
  deletedKeyId?: string
}

/**
 * The error of a rotation that made and verified the new key but could not delete the old one
 * (code `ERR_ROTATION_INCOMPLETE`): the new key works, and is on `result` so that it is not lost.
 */
export interface KalshiRotationIncompleteError extends KalshiError {
  readonly code: 'ERR_ROTATION_INCOMPLETE'
  /** The new key, verified and ready to sign with. */
  readonly result: RotatedApiKey<LocalApiKey | ServerApiKey>
}

/**
 * Replaces the key a client signs with by a new one: lists the keys that exist (signed with the
 * old key), makes a key pair on this device and
 * registers its public key (Premier and Market Maker), or with `keyOrigin: 'server'` has the
 * server generate it and imports it at once (every usage level); both signed with the old key.
 * Then checks that the new key works (a `GET /api_keys` signed with it lists its id), and deletes
 * the old key (signed with the new one). The old key is never deleted unless the new one was
 * verified. `keyType` may differ from the old key's: RSA to Ed25519 and back.
 *
 * A key bound to an FCM subtrader (`fcm_subtrader_id`) cannot call REST, so nothing could verify
 * it: such a rotation is refused before anything is sent.
 *
 * - If anything fails before the new key is verified, the new key is deleted again (best effort,
 *   signed with the old key) and the call rejects with a `KalshiError` `ERR_ROTATION_FAILED`
 *   whose `cause` is the original error. The old key keeps working.
 * - If only the deletion of the old key fails, the call rejects with `ERR_ROTATION_INCOMPLETE`
 *   ({@link KalshiRotationIncompleteError}) and the new key on `error.result`. An old key that is
 *   already gone (the API's own 404 `not_found`) counts as deleted; any 2xx is success.
 * - An answer that names a key which existed before the rotation (the old key above all) is an
 *   invalid answer: nothing is deleted, neither that key nor the old one.
 *
 * Omitted `scopes` get the API's default; pass the old key's scopes to keep them.
 *
 * @example
 * ```ts
 * const store = createKeyStore()
 * const rotated = await rotateApiKey(client, { name: 'laptop', scopes: ['read', 'write'] })
 * await store.save('main', rotated.credentials)
 * const next = createClient({ credentials: rotated.credentials })
 * ```
 */
export function rotateApiKey(
  client: KalshiClient,
  options: RotateApiKeyOptions & { keyOrigin?: 'device' | undefined },
  requestOptions?: RequestOptions,
): Promise<RotatedApiKey>
export function rotateApiKey(
  client: KalshiClient,
  options: RotateApiKeyOptions & { keyOrigin: 'server' },
  requestOptions?: RequestOptions,
): Promise<RotatedApiKey<ServerApiKey>>
export function rotateApiKey(
  client: KalshiClient,
  options: RotateApiKeyOptions,
  requestOptions?: RequestOptions,
): Promise<RotatedApiKey<LocalApiKey | ServerApiKey>>
export async function rotateApiKey(
  client: KalshiClient,
  options: RotateApiKeyOptions,
  requestOptions?: RequestOptions,
): Promise<RotatedApiKey<LocalApiKey | ServerApiKey>> {
  const { deleteOld, keyOrigin, ...local } = validate(
    RotateApiKeyOptionsSchema,
    options,
    'rotateApiKey',
  )
  if (!(client instanceof Client)) throw new TypeError('client must be made by createClient')
  const oldKeyId = client.keyId
  if (oldKeyId === undefined) throw noCredentials()
  let created: LocalApiKey | ServerApiKey | undefined
  let next: KalshiClient
  try {
    // The ids that exist before: an answer naming one of them (the old key's above all) did not
    // mint a key, and the last step would delete a key in use.
    const before = (await client.getApiKeys(undefined, requestOptions)).api_keys.map(
      (key) => key.api_key_id,
    )
    const made = await (keyOrigin === 'server'
      ? client.generateApiKeyCredentials(local, requestOptions)
      : client.createApiKeyWithLocalKey(local, requestOptions))
    if (before.includes(made.api_key_id) || made.api_key_id === oldKeyId)
      throw new Error('the answer named a key that already existed')
    created = made
    next = Client.with(client, made.credentials)
    const { api_keys } = await next.getApiKeys(undefined, requestOptions)
    if (!api_keys.some((key) => key.api_key_id === made.api_key_id))
      throw new Error('the new key does not list itself')
  } catch (cause) {
    // A registration that got no answer may still have made a key, whose id only a listing shows.
    let outcome = cause instanceof KalshiApiError ? '' : '; list your keys: a new one may exist'
    // Only a key this rotation minted is taken back.
    if (created) {
      // Not with the caller's signal: an aborted rotation still takes back its new key.
      outcome = await client.deleteApiKey(created.api_key_id).then(
        () => '; the new key was deleted again',
        () => `; delete the new key ${created?.api_key_id} yourself`,
      )
    }
    throw new KalshiError(
      'ERR_ROTATION_FAILED',
      `Key rotation failed (${(cause as Error)?.message}); the old key still works${outcome}`,
      { cause },
    )
  }
  if (deleteOld === false) return created
  try {
    await next.deleteApiKey(oldKeyId, requestOptions)
  } catch (cause) {
    // Gone already (a retried DELETE whose first answer was lost): deleted all the same. Only the
    // API's own not-found counts: a proxy's 404 page says nothing about the key.
    const { status, code } = (cause ?? {}) as Partial<KalshiApiError>
    if (status !== 404 || code !== 'not_found') {
      const error = new KalshiError(
        'ERR_ROTATION_INCOMPLETE',
        `The old key ${oldKeyId} was not deleted (${(cause as Error)?.message}); the new key works: see error.result`,
        { cause },
      )
      throw Object.defineProperty(error, 'result', { value: created })
    }
  }
  return { ...created, deletedKeyId: oldKeyId }
}
