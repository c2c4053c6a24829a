// The failures of the flows, each a class with the fields that say what became of the new key.
import { KalshiError, type KalshiErrorOptions } from '../errors.js'
import type { DeviceApiKey, RotatedApiKey, ServerApiKey } from './types.js'

/**
 * What became of a key a failed flow had the API make: `'none'` was made; it was `'deleted'`
 * again; it was `'kept'` on the account (`newKeyId` names it: delete it yourself if the listing
 * shows it was just made); or it is `'unknown'` (no answer came, or a 5xx, which a relay or
 * proxy may give after the API made the key: list your keys, one may exist).
 */
export type KalshiNewKeyFate = 'none' | 'deleted' | 'kept' | 'unknown'

/**
 * `createApiKeyWithServerKey` got a key it cannot import (`ERR_GENERATED_KEY_UNUSABLE`). The key
 * is kept, not deleted (`newKeyId` names it): nothing tells a key just minted from another key of the
 * account that a forged answer names. The server's answer, private key included, is on `response`.
 *
 * @example
 * ```ts
 * await client.createApiKeyWithServerKey({ name: 'x' }).catch((error) => {
 *   if (error instanceof KalshiGeneratedKeyError) console.warn('delete', error.newKeyId, 'yourself')
 * })
 * ```
 */
export class KalshiGeneratedKeyError extends KalshiError {
  declare readonly code: 'ERR_GENERATED_KEY_UNUSABLE'
  /** The id the server gave the key, which is kept on the account. */
  readonly newKeyId: string
  readonly #response: unknown

  constructor(message: string, newKeyId: string, response: unknown, options?: KalshiErrorOptions) {
    super('ERR_GENERATED_KEY_UNUSABLE', message, options)
    this.newKeyId = newKeyId
    this.#response = response
  }

  /**
   * The server's answer as it came, private key included. A private field behind a getter: no
   * log, inspection or `JSON.stringify` shows it; handle it as carefully as a key.
   */
  get response(): unknown {
    return this.#response
  }

  override get name(): string {
    return 'KalshiGeneratedKeyError'
  }
}

/**
 * {@link rotateApiKey} failed before the new key was verified (`ERR_ROTATION_FAILED`): the old key
 * still works, `cause` is the original error, and `newKey` says what became of the new one.
 *
 * @example
 * ```ts
 * await rotateApiKey(client, { name: 'laptop' }).catch((error) => {
 *   if (error instanceof KalshiRotationError && error.newKey === 'unknown') listKeys()
 * })
 * ```
 */
export class KalshiRotationError extends KalshiError {
  declare readonly code: 'ERR_ROTATION_FAILED'
  /** What became of the new key. */
  readonly newKey: KalshiNewKeyFate
  /** The new key's id, when one was made and named. */
  readonly newKeyId: string | undefined

  constructor(
    message: string,
    newKey: KalshiNewKeyFate,
    newKeyId: string | undefined,
    options?: KalshiErrorOptions,
  ) {
    super('ERR_ROTATION_FAILED', message, options)
    this.newKey = newKey
    this.newKeyId = newKeyId
  }

  override get name(): string {
    return 'KalshiRotationError'
  }
}

/**
 * {@link rotateApiKey} made and verified the new key but could not delete the old one
 * (`ERR_ROTATION_INCOMPLETE`): the new key works, and is on `result` so that it is not lost.
 *
 * @example
 * ```ts
 * await rotateApiKey(client, { name: 'laptop' }).catch(async (error) => {
 *   if (error instanceof KalshiRotationIncompleteError) await store.save('main', error.result.credentials)
 * })
 * ```
 */
export class KalshiRotationIncompleteError extends KalshiError {
  declare readonly code: 'ERR_ROTATION_INCOMPLETE'
  readonly #result: RotatedApiKey<DeviceApiKey | ServerApiKey>

  constructor(
    message: string,
    result: RotatedApiKey<DeviceApiKey | ServerApiKey>,
    options?: KalshiErrorOptions,
  ) {
    super('ERR_ROTATION_INCOMPLETE', message, options)
    this.#result = result
  }

  /** The new key, verified and ready to sign with; behind a getter, so logs leave it out. */
  get result(): RotatedApiKey<DeviceApiKey | ServerApiKey> {
    return this.#result
  }

  override get name(): string {
    return 'KalshiRotationIncompleteError'
  }
}
