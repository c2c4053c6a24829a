// The error of a request that failed validation, or of an answer of the wrong shape.
import type { BaseIssue } from 'valibot'
import { KalshiError, type KalshiErrorOptions, type KalshiValidationErrorCode } from './errors.js'
import { redact, redactServerText } from './redact.js'

/** One problem found by validation: valibot's issue, without the inputs (they may hold keys). */
export interface KalshiIssue {
  readonly type: string
  readonly expected: string | null
  readonly message: string
  /** Where the problem is, as object keys and array indexes, for example `['api_keys', 0, 'name']`. */
  readonly path: readonly (string | number)[]
}

/**
 * A request failed validation before it was sent (`ERR_INVALID_REQUEST`), or a response did not
 * have the documented shape (`ERR_INVALID_RESPONSE`).
 *
 * @example
 * ```ts
 * try {
 *   await client.createApiKey({ name: '', public_key: pem })
 * } catch (error) {
 *   if (error instanceof KalshiValidationError) console.table(error.issues)
 * }
 * ```
 */
export class KalshiValidationError extends KalshiError {
  declare readonly code: KalshiValidationErrorCode
  /** Each problem found, with its path; inputs are left out on purpose. */
  readonly issues: readonly KalshiIssue[]
  readonly #response: unknown

  constructor(
    code: KalshiValidationErrorCode,
    context: string,
    issues: readonly BaseIssue<unknown>[],
    options?: KalshiErrorOptions & { response?: unknown },
  ) {
    const safe = issues.map(toKalshiIssue)
    const summary = safe
      .map((issue) =>
        issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      )
      .join('; ')
    super(code, summary ? `${context}: ${summary}` : context, options)
    this.issues = safe
    this.#response = options?.response
  }

  /**
   * For `ERR_INVALID_RESPONSE`: the parsed body as it came, so nothing is lost (the private key
   * of `generateApiKey` exists only there). A private field behind a getter: no log, inspection or
   * `JSON.stringify` shows it; handle it as carefully as a key.
   */
  get response(): unknown {
    return this.#response
  }

  override get name(): string {
    return 'KalshiValidationError'
  }
}

function toKalshiIssue(issue: BaseIssue<unknown>): KalshiIssue {
  const { message, received } = issue
  return {
    type: issue.type,
    expected: issue.expected,
    // valibot's own messages end with the value received: only its type is kept.
    message: redact(
      received && message.endsWith(received)
        ? message.slice(0, -received.length) + typeof issue.input
        : message,
    ),
    // valibot's path items are objects with a key; a Standard Schema's may be bare keys. A key
    // comes from the data (a record's keys, an answer's), so it is redacted like server text.
    path: (issue.path ?? []).map((item) => {
      const key = typeof item === 'object' && item !== null ? item.key : item
      return typeof key === 'number' ? key : redactServerText(String(key))
    }),
  }
}
