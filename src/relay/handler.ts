// The relay as a standard fetch handler: signed requests pass through unchanged, nothing else.
import { API_PREFIX } from '../kalshi-urls.js'
import { readBody } from './body.js'
import { corsHeaders, judgeOrigin, preflight } from './cors.js'
import { type RelayOptions, type RelaySettings, resolveRelayOptions } from './options.js'
import {
  isGeneratePath,
  METHODS,
  REQUEST_HEADERS,
  RESPONSE_HEADERS,
  refuse,
  refusedPath,
} from './rules.js'
import { deadline } from './signal.js'
import { isUpgrade, readWebSocketCredentials, WEBSOCKET_PATH } from './websocket.js'
import { bridgeInWorker, webSocketPair } from './worker-websocket.js'

/** A fetch handler: one request in, one response out. */
export type RelayHandler = (request: Request) => Promise<Response>

// The settings of each relay made here, for the Node adapter's WebSocket bridge.
const made = new WeakMap<RelayHandler, RelaySettings>()

/** The settings a relay was made with; `undefined` for a handler not made by {@link createRelay}. */
export const relaySettings = (handler: RelayHandler): RelaySettings | undefined => made.get(handler)

/**
 * Makes the secret-free relay: a standard fetch handler that forwards requests a page signed
 * itself to the Kalshi API and brings the answers back, for pages that cannot call the API
 * directly (it sends no CORS headers). It holds no key. Only `/trade-api/v2/` paths and the API's
 * methods pass; only the `KALSHI-ACCESS-*` headers, `Content-Type` and `Accept` go up (never
 * `Origin` or cookies); only `Content-Type`, `Date` and `Retry-After` come down; redirects are
 * not followed. Bodies over `maxBodyBytes` get 413, a request body slower than `timeout` 408, an
 * upstream slower than it 504. `POST /api_keys/generate`, whose answer is a private key, is refused
 * (403) unless `allowGenerate` is set. Where
 * the runtime has `WebSocketPair` (Cloudflare Workers), it also bridges the WebSocket sign-in
 * (see `signWebSocketProtocols`); on Node, `toNodeListener` and `attachRelay` do.
 *
 * @example
 * ```ts
 * import { createRelay } from 'kalshi-webcrypto/relay'
 *
 * // Deno
 * Deno.serve(createRelay({ upstream: 'demo' }))
 * // Cloudflare Workers
 * const relay = createRelay({ upstream: 'production', allowedOrigins: ['https://app.example.com'] })
 * export default { fetch: (request: Request) => relay(request) }
 * ```
 */
export function createRelay(options: RelayOptions): RelayHandler {
  const settings = resolveRelayOptions(options)
  const handler: RelayHandler = async (request) => {
    try {
      return await relay(request, settings)
    } catch {
      // Never the error: it could quote the request, its URL or its headers.
      return refuse(500, 'The relay failed', undefined, 'relay_error')
    }
  }
  made.set(handler, settings)
  return handler
}

async function relay(request: Request, settings: RelaySettings): Promise<Response> {
  const origin = judgeOrigin(request, settings)
  if (!origin.allowed) return refuse(403, origin.why, undefined, undefined, 'origin')
  const cors = origin.cors === undefined ? undefined : corsHeaders(origin.cors)
  const { pathname, search } = new URL(request.url)

  if (isUpgrade(request.headers)) {
    if (pathname !== WEBSOCKET_PATH)
      return refuse(404, 'Only /trade-api/ws/v2 is relayed', cors, undefined, 'path')
    const auth = readWebSocketCredentials(request.headers.get('sec-websocket-protocol'))
    if (!auth)
      return refuse(
        401,
        'The handshake carries no well-formed signature',
        cors,
        undefined,
        'websocket',
      )
    const Pair = webSocketPair()
    if (!Pair)
      return refuse(
        501,
        'WebSocket needs the Node adapter or a Worker here',
        cors,
        undefined,
        'websocket',
      )
    const until = deadline(request.signal, settings.timeout)
    try {
      return await bridgeInWorker(Pair, auth, settings, until.signal)
    } catch {
      return until.timedOut()
        ? refuse(504, 'The WebSocket API did not answer in time', cors, undefined, 'upstream')
        : refuse(502, 'The WebSocket API did not answer', cors, undefined, 'upstream')
    } finally {
      until.clear()
    }
  }

  if (request.method === 'OPTIONS') {
    const answer = origin.cors && preflight(request, origin.cors)
    return answer || refuse(403, 'This preflight is not allowed', cors, undefined, 'preflight')
  }
  const why = refusedPath(pathname)
  if (why) return refuse(404, why, cors, undefined, 'path')
  if (!METHODS.includes(request.method))
    return refuse(405, 'Only the API’s methods are relayed', cors, undefined, 'method')

  // The server-key path: its answer is a private key, which this relay then sees (options.ts).
  if (!settings.allowGenerate && isGeneratePath(pathname))
    return refuse(
      403,
      'POST /api_keys/generate is not relayed: its answer carries the private key (the relay’s allowGenerate option)',
      cors,
      undefined,
      'generate',
    )

  // One deadline for the whole exchange, from the request's first byte: a body that trickles in
  // cannot hold the relay longer than `timeout` either.
  const until = deadline(request.signal, settings.timeout)
  const body =
    request.method === 'GET' ? null : await readBody(request, settings.maxBodyBytes, until.signal)
  if (body === 'too large' || body === 'too slow') until.clear()
  if (body === 'too large')
    return refuse(413, 'The request body is too large', cors, undefined, 'body')
  if (body === 'too slow')
    return refuse(408, 'The request body did not arrive in time', cors, undefined, 'body')
  const headers = new Headers()
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  // From the fixed upstream, never from the request's Host: only the path and query are the
  // request's, and the path was checked above.
  const target = settings.rest + pathname.slice(REST_PREFIX_LENGTH) + search
  let answer: Response
  try {
    answer = await settings.fetch(target, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
      signal: until.signal,
    })
  } catch {
    until.clear()
    if (until.timedOut())
      return refuse(504, 'The Kalshi API did not answer in time', cors, undefined, 'upstream')
    return refuse(502, 'The Kalshi API did not answer', cors, undefined, 'upstream')
  }
  const out = cors ?? new Headers({ 'access-control-expose-headers': 'Date, Retry-After' })
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers.get(name)
    if (value !== null) out.set(name, value)
  }
  const empty = answer.status === 204 || answer.status === 304 || answer.body === null
  if (empty) {
    until.clear()
    await answer.body?.cancel()
  }
  // The deadline covers the body too: a body that stalls is cut when it ends.
  const stream = empty
    ? null
    : answer.body?.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({ flush: () => until.clear() }),
      )
  // A 3xx goes back as it is, without its Location: the signed request is not sent anywhere else.
  return new Response(stream ?? null, { status: answer.status, headers: out })
}

// The REST base already ends in the API root; the request's path below it is appended.
const REST_PREFIX_LENGTH = API_PREFIX.length
