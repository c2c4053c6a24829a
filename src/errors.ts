import { redact, redactDeep } from './redact.js'

/**
 * Every code the SDK itself gives an error: `KalshiApiError` adds the API's own codes
 * (`not_found`, …) and `http_<status>`. The README's table of errors is tested against it.
 */
export type KalshiErrorCode =
  | KalshiKeyErrorCode
  | KalshiValidationErrorCode
  | 'ERR_NO_RELAY'
  | 'ERR_TIMEOUT'
  | 'ERR_NETWORK'
  | 'ERR_NO_CREDENTIALS'
  | KalshiRuntimeErrorCode
  | 'ERR_GENERATED_KEY_UNUSABLE'
  | 'ERR_ROTATION_FAILED'
  | 'ERR_ROTATION_INCOMPLETE'
  | 'ERR_RATE_LIMITED'

/** The codes a `KalshiValidationError` carries. */
export type KalshiValidationErrorCode = 'ERR_INVALID_REQUEST' | 'ERR_INVALID_RESPONSE'

/** Options shared by every SDK error: the underlying error, if any. */
export interface KalshiErrorOptions {
  cause?: unknown
}

/**
 * Base class of every error the SDK raises on purpose. `code` is stable and safe to branch on;
 * `message` is for humans and may change.
 *
 * @example
 * ```ts
 * try {
 *   await client.getApiKeys()
 * } catch (error) {
 *   if (isKalshiError(error)) console.error(error.code, error.message)
 * }
 * ```
 */
export class KalshiError extends Error {
  /** A stable, machine-readable code, for example `ERR_NO_CREDENTIALS`. */
  readonly code: KalshiErrorCode | (string & {})

  constructor(
    code: KalshiErrorCode | (string & {}),
    message: string,
    options?: KalshiErrorOptions,
  ) {
    // Every message passes through `redact`, so no key material can reach a log by accident.
    super(redact(message), options)
    this.code = code
  }

  override get name(): string {
    return 'KalshiError'
  }

  /** What `JSON.stringify` shows: name, code, message and the subclass's fields, never the cause. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message }
  }
}

/** The codes a {@link KalshiKeyError} carries. */
export type KalshiKeyErrorCode =
  | 'ERR_KEY_FORMAT'
  | 'ERR_KEY_ENCRYPTED'
  | 'ERR_KEY_UNSUPPORTED'
  | 'ERR_KEY_TOO_SMALL'
  | 'ERR_KEY_NOT_EXTRACTABLE'
  | 'ERR_KEY_EXTRACTABLE'

/**
 * A key could not be read, imported, or exported. The message names the problem, never the key.
 *
 * @example
 * ```ts
 * try {
 *   await importPrivateKey(pem)
 * } catch (error) {
 *   if (error instanceof KalshiKeyError && error.code === 'ERR_KEY_ENCRYPTED') askForDecryptedKey()
 * }
 * ```
 */
export class KalshiKeyError extends KalshiError {
  // No constructor of its own: the base one takes the code, and fewer bytes ship.
  declare readonly code: KalshiKeyErrorCode

  override get name(): string {
    return 'KalshiKeyError'
  }
}

/** What {@link KalshiApiError} knows about the failed call. */
export interface KalshiApiErrorInit {
  status: number
  code: string
  message: string
  details?: unknown
  method: string
  path: string
}

/**
 * The API answered with an error status. `code` is the API's error code (`not_found`,
 * `header_timestamp_expired`, …) or `http_<status>` when the body had none.
 *
 * @example
 * ```ts
 * try {
 *   await client.deleteApiKey(id)
 * } catch (error) {
 *   if (error instanceof KalshiApiError && error.status === 404) console.warn('already gone')
 * }
 * ```
 */
export class KalshiApiError extends KalshiError {
  declare readonly code: 'ERR_NO_RELAY' | (string & {})
  /** The HTTP status code. */
  readonly status: number
  /** Extra detail the API gave, if any. */
  readonly details: unknown
  /** The HTTP method of the failed call. */
  readonly method: string
  /** The canonical API path of the failed call, without the query. */
  readonly path: string

  constructor(init: KalshiApiErrorInit, options?: KalshiErrorOptions) {
    super(
      init.code,
      `${init.method} ${init.path} failed with ${init.status} ${init.code}: ${init.message}`,
      options,
    )
    this.status = init.status
    this.details = redactDeep(init.details)
    this.method = init.method
    this.path = init.path
  }

  override get name(): string {
    return 'KalshiApiError'
  }
}

/**
 * A call took longer than its `timeout`.
 *
 * @example
 * ```ts
 * const client = createClient({ credentials, timeout: 5_000 })
 * await client.getApiKeys().catch((error) => {
 *   if (error instanceof KalshiTimeoutError) showRetryButton()
 * })
 * ```
 */
export class KalshiTimeoutError extends KalshiError {
  declare readonly code: 'ERR_TIMEOUT'

  constructor(message: string, options?: KalshiErrorOptions) {
    super('ERR_TIMEOUT', message, options)
  }

  override get name(): string {
    return 'KalshiTimeoutError'
  }
}

/**
 * The request never got an HTTP answer: the connection failed or was dropped, or (in a browser)
 * the server did not allow the cross-origin call.
 *
 * @example
 * ```ts
 * await client.getApiKeys().catch((error) => {
 *   if (error instanceof KalshiNetworkError) console.warn('offline, or blocked by CORS?', error.message)
 * })
 * ```
 */
export class KalshiNetworkError extends KalshiError {
  declare readonly code: 'ERR_NETWORK'

  constructor(message: string, options?: KalshiErrorOptions) {
    super('ERR_NETWORK', message, options)
  }

  override get name(): string {
    return 'KalshiNetworkError'
  }
}

/**
 * A call on a client made without credentials (`ERR_NO_CREDENTIALS`): nothing was sent.
 *
 * @example
 * ```ts
 * await createClient().getApiKeys().catch((error) => {
 *   if (error instanceof KalshiCredentialsError) askForKey()
 * })
 * ```
 */
export class KalshiCredentialsError extends KalshiError {
  declare readonly code: 'ERR_NO_CREDENTIALS'

  constructor(message: string, options?: KalshiErrorOptions) {
    super('ERR_NO_CREDENTIALS', message, options)
  }

  override get name(): string {
    return 'KalshiCredentialsError'
  }
}

/** The codes a {@link KalshiRuntimeError} carries. */
export type KalshiRuntimeErrorCode = 'ERR_UNSUPPORTED_RUNTIME' | 'ERR_KEY_STORE'

/**
 * The runtime cannot do what was asked: no `crypto.subtle`, no Ed25519, no IndexedDB
 * (`ERR_UNSUPPORTED_RUNTIME`), or IndexedDB failed (`ERR_KEY_STORE`, the browser's error as `cause`).
 *
 * @example
 * ```ts
 * await createKeyStore().load('main').catch((error) => {
 *   if (error instanceof KalshiRuntimeError) console.warn('no key storage here', error.code)
 * })
 * ```
 */
export class KalshiRuntimeError extends KalshiError {
  declare readonly code: KalshiRuntimeErrorCode

  override get name(): string {
    return 'KalshiRuntimeError'
  }
}

/**
 * A paced call could not wait its turn (`ERR_RATE_LIMITED`, with `rateLimit` set): its bucket's
 * queue was full (`maxQueue`), or the call costs more than the bucket holds. Nothing was sent.
 *
 * @example
 * ```ts
 * await client.getApiKeys().catch((error) => {
 *   if (error instanceof KalshiRateLimitError) showBusy()
 * })
 * ```
 */
export class KalshiRateLimitError extends KalshiError {
  declare readonly code: 'ERR_RATE_LIMITED'

  override get name(): string {
    return 'KalshiRateLimitError'
  }
}

/**
 * Tells whether a value is an error raised by this SDK. It checks the shape, not the prototype,
 * so it also works across realms (iframes, workers) and duplicate copies of the package.
 *
 * @example
 * ```ts
 * catch (error) { if (isKalshiError(error)) report(error.code) }
 * ```
 */
export function isKalshiError(value: unknown): value is KalshiError {
  // The [[ErrorData]] tag, not instanceof: an error from another realm is still an Error.
  return (
    Object.prototype.toString.call(value) === '[object Error]' &&
    typeof (value as KalshiError).code === 'string' &&
    /^Kalshi\w*Error$/.test((value as KalshiError).name)
  )
}

/** The error of a call that needs credentials on a client made without. */
export const noCredentials = (): KalshiCredentialsError =>
  new KalshiCredentialsError('This client has no credentials: createClient({ credentials })')
