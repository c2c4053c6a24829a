import ky, { isHTTPError, isTimeoutError, type KyInstance } from 'ky'
import { readApiErrorBody } from './api-error-body.js'
import { readBounded } from './body.js'
import { KalshiApiError, KalshiNetworkError, KalshiTimeoutError } from './errors.js'
import { API_PREFIX } from './kalshi-urls.js'
import { DEFAULT_COST, type Pacer } from './rate-limit.js'
import { redactServerText } from './redact.js'
import { missingRelay, refusalNote } from './relay-answers.js'
import { type Credentials, sign } from './signer.js'
import { KalshiValidationError } from './validation-error.js'

/** How the transport is set up; one per client, nothing shared. */
export interface TransportOptions {
  /** Absolute URL the API paths are appended to (the API itself, or a relay). */
  baseUrl: URL
  /** Resolves the credentials to sign with; rejects when there are none or they are unusable. */
  credentials: () => Promise<Credentials>
  timeout: number
  retry: number
  /** Bytes an answer's body may have; a longer one is cancelled, `ERR_INVALID_RESPONSE`. */
  maxBytes: number
  fetch: typeof fetch | undefined
  /** The client's view of the server's clock; `correct` lets a refused timestamp update `offset`. */
  clock: Clock
  /** Rate limits (rate-limit.ts): the buckets to wait on before signing, if the client paces. */
  pacer?: Pacer | undefined
  /**
   * Many tabs (follow.ts): on a 401 for the key `used`, whether the credentials have changed since
   * (a rotation), so that the call is signed with the new ones and sent once more.
   */
  renew?: ((used: string | null) => Promise<boolean>) | undefined
}

/** Milliseconds to add to this device's clock to get the server's. */
export interface Clock {
  offset: number
  readonly correct: boolean
}

/** One call: method, path below the API root, and what goes with it. */
export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** Below the API root, percent-encoded, no leading slash: `api_keys/abc`. */
  path: string
  /** The query, copied once by the client (`copyQuery`): what was screened is what is sent. */
  searchParams?: string[][] | undefined
  json?: unknown
  signal?: AbortSignal | undefined
  timeout?: number | undefined
  /** Added to the message of a 403: what this call's refusal most likely means. */
  forbidden?: string | undefined
  /** A 2xx answer's body is not read as JSON: any body means success (a `DELETE`). */
  discard?: boolean
  /** Rate limits: the tokens this call costs. Default 10. */
  cost?: number | undefined
}

/** Sends calls and returns the parsed JSON body (`undefined` for an empty one), or throws a `KalshiError`. */
export type Send = (call: Call) => Promise<unknown>

// Where retries are safe: reads and deletes (deleting twice is a 404 at worst). A POST is never
// retried by itself: a repeated `generate` would mint a second key and lose its private key.
const RETRY_METHODS = ['get', 'delete']
const RETRY_STATUSES = [408, 429, 500, 502, 503, 504]
const MAX_RETRY_AFTER = 60 // seconds

/**
 * Builds the ky instance of one client: base URL, a signing hook that runs before every attempt
 * (so each retry carries a fresh timestamp and signature), the retry policy, and error mapping.
 */
export function createTransport(options: TransportOptions): Send {
  const basePath = options.baseUrl.pathname.replace(/\/+$/, '')
  // Requests are always built on the base URL, so the part after its path is the API path.
  const canonical = (url: string) => API_PREFIX + new URL(url).pathname.slice(basePath.length)
  const api: KyInstance = ky.create({
    prefixUrl: options.baseUrl.href,
    timeout: options.timeout,
    // Any TypeError from fetch itself means no answer came (refused, reset, DNS, CORS): that is
    // the one place where it can be told apart from a bug, whatever words the runtime uses.
    async fetch(input, init) {
      const request = input as Request
      // Rate limits: the bucket this attempt drew from hears of its answer, a 429 above all.
      const bucket = options.pacer?.(request.headers.get('kalshi-access-key') ?? '')[
        +(request.method !== 'GET')
      ]
      const sent = bucket?.now() ?? 0
      let status = 0
      try {
        // A plain call: browsers throw "Illegal invocation" for fetch called as a method.
        const response = await (options.fetch ?? fetch)(request, init)
        status = response.status
        return response
      } catch (error) {
        // workerd throws a plain Error ("Network connection lost.") where others throw a TypeError.
        const plain = error instanceof TypeError || Object(error).constructor === Error
        if (!plain || request.signal?.aborted) throw error
        throw new KalshiNetworkError(
          `${request.method} ${canonical(request.url)} got no answer: ${(error as Error).message}`,
          { cause: error },
        )
      } finally {
        bucket?.answered(sent, status === 429)
      }
    },
    // A redirect would carry the signed headers to another address: it is not followed, and
    // surfaces as the API error it is.
    redirect: 'manual',
    retry: {
      limit: options.retry,
      methods: RETRY_METHODS,
      statusCodes: RETRY_STATUSES,
      maxRetryAfter: MAX_RETRY_AFTER * 1000,
      backoffLimit: 10_000,
      // Equal jitter: spread out, but never much sooner than the backoff asks.
      jitter: (delay) => delay * (0.5 + Math.random() / 2),
      // Only "no answer" and the statuses above are worth another try; a server asking us to
      // wait longer than a minute gets its answer now; anything else (a key that cannot sign,
      // a bug) is final.
      shouldRetry: ({ error }) =>
        error instanceof KalshiNetworkError ||
        (isHTTPError(error) &&
          !(Number(error.response.headers.get('retry-after')) > MAX_RETRY_AFTER))
          ? undefined
          : false,
    },
    hooks: {
      beforeRequest: [
        async (request, { context }) => {
          // ky's Request: its method is upper case, its URL already parsed as the wire has it.
          const path = canonical(request.url)
          const credentials = await options.credentials()
          // Rate limits: each attempt waits for its tokens before it is signed, so its timestamp
          // is that of the moment it goes.
          const bucket = options.pacer?.(credentials.keyId)[+(request.method !== 'GET')]
          const { cost, ms } = context as { cost: number; ms: number }
          await bucket?.wait(cost, request.signal, ms, `${request.method} ${path}`)
          const headers = await sign(
            credentials,
            request.method,
            path,
            Date.now() + options.clock.offset,
          )
          for (const [name, value] of Object.entries(headers)) request.headers.set(name, value)
        },
      ],
    },
  })

  const send = async (call: Call, corrected?: boolean, renewed?: boolean): Promise<unknown> => {
    const context = `${call.method} ${API_PREFIX}/${call.path}`
    const ms = call.timeout ?? options.timeout
    // No cause: ky's TimeoutError holds the request, signed headers and all.
    const timedOut = () => new KalshiTimeoutError(`${context} timed out after ${ms} ms`)
    // ky's timeout ends when the headers arrive, so reading the body gets a deadline of its own;
    // a signal of our own lets that deadline end a stalled body and free its connection.
    const controller = new AbortController()
    const signal = call.signal
      ? (AbortSignal.any?.([call.signal, controller.signal]) ?? call.signal)
      : controller.signal
    const tooLarge = () =>
      new KalshiValidationError(
        'ERR_INVALID_RESPONSE',
        `The answer to ${context} is over ${options.maxBytes} bytes`,
        [],
      )
    const read = (response: Response) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      return Promise.race([
        readBounded(response.body, options.maxBytes).then(
          (chunks) => {
            if (typeof chunks === 'string') throw tooLarge()
            // Not Blob.text(): in Chromium a Blob's bytes take a trip through the browser process,
            // about 1 ms a call (BENCHMARKS.md). `stream` keeps a character split across chunks.
            const decoder = new TextDecoder()
            return (
              chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('') +
              decoder.decode()
            )
          },
          (cause: unknown) => {
            throw cause instanceof TypeError
              ? new KalshiNetworkError(`${context} lost its answer`, { cause })
              : cause
          },
        ),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(timedOut())
            controller.abort()
          }, ms)
        }),
      ]).finally(() => clearTimeout(timer))
    }
    let text: string
    try {
      const response = await api(call.path, {
        method: call.method,
        json: call.json,
        searchParams: call.searchParams,
        signal,
        timeout: ms,
        context: { cost: call.cost ?? DEFAULT_COST, ms }, // rate limits
      })
      // A 2xx is all a DELETE needs: its body, however large, is let go unread.
      if (call.discard) {
        response.body?.cancel().catch(() => {})
        return undefined
      }
      // A dev server's fallback page answers a GET with 200 where no relay is mounted.
      if (missingRelay(options.baseUrl, response, undefined)) {
        response.body?.cancel().catch(() => {})
        throw toApiError(response, call, '', options.baseUrl)
      }
      text = await read(response)
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason
      // Our own errors (the no-relay one above, a read's) go as they are.
      if (!isHTTPError(error)) throw isTimeoutError(error) ? timedOut() : error
      const { response } = error
      // The server's time is that of its headers, not of the end of a slow body.
      const serverTime = Date.parse(response.headers.get('date') ?? '')
      const offset = serverTime - Date.now()
      const apiError = toApiError(
        response,
        call,
        await read(response).catch(() => ''),
        options.baseUrl,
      )
      // Many tabs: a 401 for a key since rotated away. The API did nothing, so the call is signed
      // with the new key and sent once more, whatever its method, as for the clock below.
      if (
        response.status === 401 &&
        !renewed &&
        (await options.renew?.(error.request.headers.get('kalshi-access-key')))
      ) {
        if (call.signal?.aborted) throw call.signal.reason // no throwIfAborted in Chrome 93-99
        return send(call, corrected, true)
      }
      // The server refused the timestamp before acting on the call, so sending it again with
      // the server's time is safe for any method; once per call, and only with a readable Date
      // after 1970 (a timestamp must be positive).
      if (
        apiError.code !== 'header_timestamp_expired' ||
        corrected ||
        !options.clock.correct ||
        !(serverTime > 0)
      )
        throw apiError
      if (call.signal?.aborted) throw call.signal.reason // no throwIfAborted in Chrome 93-99
      // An HTTP date has whole seconds: the server's clock was somewhere in the second after it.
      options.clock.offset = offset + 500
      return send(call, true, renewed)
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
  return send
}

// Everything taken from the answer is redacted strictly: a signature it echoes (this request's
// own, say) is hidden in any of its encodings.
function toApiError(response: Response, call: Call, text: string, baseUrl: URL): KalshiApiError {
  const body = readApiErrorBody(text)
  const context = {
    status: response.status,
    method: call.method,
    path: `${API_PREFIX}/${call.path}`,
  }
  const missing = missingRelay(baseUrl, response, body.code)
  if (missing) return new KalshiApiError({ ...context, code: 'ERR_NO_RELAY', message: missing })
  const status = `HTTP ${response.status} ${response.statusText}`.trimEnd()
  const message = redactServerText(
    body.message ?? (text.trim() ? `${status} (the body was not a Kalshi error)` : status),
  )
  // A refusal by the relay is about the relay's rules, never about the account (the 403 hint).
  const note = refusalNote(body) ?? (response.status === 403 ? call.forbidden : undefined)
  return new KalshiApiError({
    ...context,
    code: body.code ?? `http_${response.status}`,
    message: note ? `${message} (${note})` : message,
    details: body.details, // redacted by KalshiApiError itself
  })
}
