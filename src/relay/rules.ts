// What may pass the relay, each way. Everything not listed here is dropped or refused.
import { API_PREFIX } from '../kalshi-urls.js'

/** The API's path prefix, on the relay and upstream. */
export const REST_PREFIX = `${API_PREFIX}/`
/** The methods of the Trade API. */
export const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE']
/** Up: the signed headers and the body's type. Never `Origin`, cookies or anything else. */
export const REQUEST_HEADERS: readonly string[] = [
  'kalshi-access-key',
  'kalshi-access-timestamp',
  'kalshi-access-signature',
  'content-type',
  'accept',
]
/** Down: the body's type, `Date` (to correct the clock) and `Retry-After` (to back off). */
export const RESPONSE_HEADERS: readonly string[] = ['content-type', 'date', 'retry-after']

/**
 * Why a path is refused, or `undefined` when it may go upstream. The runtime's URL parser has
 * already resolved literal dot segments; encoded dots and separators, which a server behind
 * might decode and resolve, are refused outright, as are backslashes and empty segments.
 */
export function refusedPath(pathname: string): string | undefined {
  if (!pathname.startsWith(REST_PREFIX) || pathname.length === REST_PREFIX.length)
    return 'Only /trade-api/v2/ paths are relayed'
  if (/%(2f|5c|2e)|\\|\/\//i.test(pathname)) return 'Encoded separators are not relayed'
  // An empty last segment, as client.request refuses it (the API redirects it anyway).
  if (pathname.endsWith('/')) return 'Empty path segments are not relayed'
  return undefined
}

/**
 * Whether a path is the server-key path, `/trade-api/v2/api_keys/generate`, however it is written
 * (percent-encoded, in other letter case, with trailing spaces): its answer carries a private key.
 */
export function isGeneratePath(pathname: string): boolean {
  let decoded = pathname
  try {
    decoded = decodeURIComponent(pathname)
  } catch {}
  return decoded.toLowerCase().trimEnd() === `${REST_PREFIX}api_keys/generate`
}

/**
 * The rule behind one of the relay's refusals, sent as `details.rule` so that the SDK (and a
 * person reading the answer) can tell which one it was: `origin` (the page's origin),
 * `preflight`, `path`, `method`, `generate` (the server-key path, off unless `allowGenerate`),
 * `body` (too large, or too slow), `websocket` (the handshake), `upstream` (the API did not
 * answer, or refused the handshake).
 */
export type RelayRule =
  | 'origin'
  | 'preflight'
  | 'path'
  | 'method'
  | 'generate'
  | 'body'
  | 'websocket'
  | 'upstream'

/** An answer of the relay itself, in the API's error shape, saying nothing about the request. */
export function refuse(
  status: number,
  message: string,
  headers?: HeadersInit,
  code = 'relay_refused',
  rule?: RelayRule,
): Response {
  const error = rule === undefined ? { code, message } : { code, message, details: { rule } }
  const response = Response.json({ error }, { status })
  for (const [name, value] of new Headers(headers)) response.headers.set(name, value)
  return response
}
