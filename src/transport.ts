import ky, { type KyInstance, isHTTPError, isTimeoutError } from 'ky'
import {
  isKalshiError,
  KalshiApiError,
  KalshiError,
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
  searchParams?: Record<string, string>
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
  const userFetch = options.fetch
  const api: KyInstance = ky.create({
    prefixUrl: options.baseUrl.href,
    timeout: options.timeout,
    // Called as a plain function: ky calls `options.fetch(...)`, and a browser's own fetch
    // throws "Illegal invocation" when called as a method of anything but the window.
    ...(userFetch && { fetch: (input: RequestInfo | URL, init?: RequestInit) => userFetch(input, init) }),
    retry: {
      limit: options.retry,
      methods: RETRY_METHODS,
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: [429, 503],
      maxRetryAfter: 60_000,
      backoffLimit: 10_000,
      jitter: true,
      // Our own errors (a key that cannot sign) and aborts are final; ky decides the rest.
      shouldRetry: ({ error }) => (isKalshiError(error) || error.name === 'AbortError' ? false : undefined),
    },
    hooks: {
      beforeRequest: [
        async (request) => {
          const headers = await signRequest(await options.credentials(), {
            method: request.method,
            path: canonicalPath(new URL(request.url).pathname, basePath),
          })
          for (const [name, value] of Object.entries(headers)) request.headers.set(name, value)
        },
      ],
    },
  })

  return async (call) => {
    const context = `${call.method} ${API_PREFIX}/${call.path}`
    let response: Response
    try {
      response = await api(call.path, {
        method: call.method,
        json: call.json,
        ...(call.searchParams && { searchParams: call.searchParams }),
        ...(call.signal && { signal: call.signal }),
        ...(call.timeout !== undefined && { timeout: call.timeout }),
      })
    } catch (error) {
      throw await toKalshiError(error, call, context, options.timeout)
    }
    return readJson(response, call, context)
  }
}

/** The path Kalshi verifies: the API prefix, then the request's path below the base URL, as sent. */
function canonicalPath(pathname: string, basePath: string): string {
  if (!pathname.startsWith(basePath)) throw new KalshiError('ERR_INTERNAL', `Request path ${pathname} left the base URL`)
  return API_PREFIX + pathname.slice(basePath.length)
}

async function readJson(response: Response, call: Call, context: string): Promise<unknown> {
  let text: string
  try {
    text = await response.text()
  } catch (error) {
    throw await toKalshiError(error, call, context, undefined)
  }
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new KalshiValidationError('ERR_INVALID_RESPONSE', `Unexpected response for ${context}`, [
      { kind: 'schema', type: 'json', expected: 'JSON', received: 'text', message: 'The body is not JSON', input: '' },
    ])
  }
}

async function toKalshiError(error: unknown, call: Call, context: string, timeout: number | undefined): Promise<unknown> {
  if (call.signal?.aborted) return call.signal.reason
  if (isKalshiError(error)) return error
  if (isHTTPError(error)) return toApiError(error.response, call)
  if (isTimeoutError(error)) {
    return new KalshiTimeoutError(`${context} timed out after ${call.timeout ?? timeout} ms`, { cause: error })
  }
  if (isNetworkError(error)) {
    return new KalshiNetworkError(`${context} got no answer: ${error.message}`, { cause: error })
  }
  return error
}

// What each runtime's fetch says when no answer came (refused, reset, DNS, CORS), after
// sindresorhus/is-network-error. Any other TypeError is a bug and is left as it is.
const NETWORK_MESSAGES = new Set([
  'network error', // Chrome
  'Failed to fetch', // Chrome
  'NetworkError when attempting to fetch resource.', // Firefox
  'The Internet connection appears to be offline.', // Safari 16
  'Load failed', // Safari 17+
  'Network request failed', // React Native, cross-fetch
  'fetch failed', // Node (undici)
  'terminated', // Node (undici), a body cut off
  ' A network error occurred.', // Bun
  'Network connection lost', // Cloudflare Workers
])

function isNetworkError(error: unknown): error is TypeError {
  return error instanceof TypeError && NETWORK_MESSAGES.has(error.message)
}

async function toApiError(response: Response, call: Call): Promise<KalshiApiError> {
  const text = await response.text().catch(() => '')
  const body = readApiErrorBody(text)
  const fallback = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
  return new KalshiApiError({
    status: response.status,
    code: body.code ?? `http_${response.status}`,
    message: body.message ?? (text.trim() === '' ? fallback : `${fallback} (the body was not a Kalshi error)`),
    details: body.details,
    method: call.method,
    path: `${API_PREFIX}/${call.path}`,
  })
}
