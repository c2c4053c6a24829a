import ky, { isHTTPError, isTimeoutError, type KyInstance } from 'ky'
import {
  isKalshiError,
  KalshiApiError,
  KalshiNetworkError,
  KalshiTimeoutError,
  KalshiValidationError,
} from './errors.js'
import { readApiErrorBody } from './schemas.js'
import { type Credentials, signRequest } from './signer.js'

/** Every API path is signed with this prefix, whatever `baseUrl` the requests go to. */
export const API_PREFIX = '/trade-api/v2'

/** How the transport is set up; one per client, nothing shared. */
export interface TransportOptions {
  /** Absolute URL the API paths are appended to (the API itself, or a relay). */
  baseUrl: URL
  /** Resolves the credentials to sign with; rejects when there are none or they are unusable. */
  credentials: () => Promise<Credentials>
  timeout: number
  retry: number
  fetch: typeof fetch | undefined
}

/** One call: method, path below the API root, and what goes with it. */
export interface Call {
  method: 'GET' | 'POST' | 'DELETE'
  /** Below the API root, percent-encoded, no leading slash: `api_keys/abc`. */
  path: string
  searchParams?: Record<string, string | undefined>
  json?: unknown
  signal?: AbortSignal | undefined
  timeout?: number | undefined
}

/** Sends calls and returns the parsed JSON body (`undefined` for an empty one), or throws a `KalshiError`. */
export type Send = (call: Call) => Promise<unknown>

// Where retries are safe: reads and deletes (deleting twice is a 404 at worst). A POST is never
// retried by itself: a repeated `generate` would mint a second key and lose its private key.
const RETRY_METHODS = ['get', 'delete']
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504]

/**
 * Builds the ky instance of one client: base URL, a signing hook that runs before every attempt
 * (so each retry carries a fresh timestamp and signature), the retry policy, and error mapping.
 */
export function createTransport(options: TransportOptions): Send {
  const basePath = options.baseUrl.pathname.replace(/\/+$/, '')
  const canonical = (url: string) => {
    const { pathname } = new URL(url)
    if (!pathname.startsWith(basePath)) throw new TypeError(`${pathname} is outside the base URL`)
    return API_PREFIX + pathname.slice(basePath.length)
  }
  const api: KyInstance = ky.create({
    prefixUrl: options.baseUrl.href,
    timeout: options.timeout,
    // Any TypeError from fetch itself means no answer came (refused, reset, DNS, CORS): that is
    // the one place where it can be told apart from a bug, whatever words the runtime uses.
    async fetch(input, init) {
      const request = input as Request
      try {
        // A plain call: browsers throw "Illegal invocation" for fetch called as a method.
        return await (options.fetch ?? fetch)(request, init)
      } catch (error) {
        if (!(error instanceof TypeError) || request.signal?.aborted) throw error
        const where = `${request.method} ${canonical(request.url)}`
        throw new KalshiNetworkError(`${where} got no answer: ${error.message}`, { cause: error })
      }
    },
    retry: {
      limit: options.retry,
      methods: RETRY_METHODS,
      statusCodes: RETRY_STATUSES,
      maxRetryAfter: 60_000,
      backoffLimit: 10_000,
      jitter: true,
      // A key that cannot sign and an abort are final; ky decides the rest.
      shouldRetry: ({ error }) =>
        (isKalshiError(error) && error.code !== 'ERR_NETWORK') || error.name === 'AbortError'
          ? false
          : undefined,
    },
    hooks: {
      beforeRequest: [
        async (request) => {
          const headers = await signRequest(await options.credentials(), {
            method: request.method,
            path: canonical(request.url),
          })
          for (const [name, value] of Object.entries(headers)) request.headers.set(name, value)
        },
      ],
    },
  })

  return async (call) => {
    const context = `${call.method} ${API_PREFIX}/${call.path}`
    let text: string
    try {
      const response = await api(call.path, {
        method: call.method,
        json: call.json,
        ...(call.searchParams && { searchParams: call.searchParams }),
        ...(call.signal && { signal: call.signal }),
        ...(call.timeout !== undefined && { timeout: call.timeout }),
      })
      text = await response.text().catch((cause: unknown) => {
        throw call.signal?.aborted
          ? cause
          : new KalshiNetworkError(`${context} lost the answer midway`, { cause })
      })
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason
      if (isHTTPError(error)) throw await toApiError(error.response, call)
      if (isTimeoutError(error)) {
        const ms = call.timeout ?? options.timeout
        throw new KalshiTimeoutError(`${context} timed out after ${ms} ms`, { cause: error })
      }
      throw error
    }
    if (text === '') return undefined
    try {
      return JSON.parse(text)
    } catch {
      throw new KalshiValidationError(
        'ERR_INVALID_RESPONSE',
        `The answer to ${context} is not JSON`,
        [],
      )
    }
  }
}

async function toApiError(response: Response, call: Call): Promise<KalshiApiError> {
  const text = await response.text().catch(() => '')
  const body = readApiErrorBody(text)
  const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
  return new KalshiApiError({
    status: response.status,
    code: body.code ?? `http_${response.status}`,
    message: body.message ?? (text.trim() ? `${status} (the body was not a Kalshi error)` : status),
    details: body.details,
    method: call.method,
    path: `${API_PREFIX}/${call.path}`,
  })
}
