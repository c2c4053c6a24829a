// Which pages may use the relay. Same-origin pages always; pages on other origins only when
// listed, with CORS preflights; never `*`.
import type { RelaySettings } from './options.js'
import { METHODS, REQUEST_HEADERS } from './rules.js'

/** What the relay makes of a request's `Origin`. */
export type OriginVerdict =
  /** No `Origin` (not a browser's cross-origin call), or the relay's own. */
  | { allowed: true; cors: undefined }
  /** A listed origin: answered with CORS headers for it. */
  | { allowed: true; cors: string }
  | { allowed: false; cors: undefined }

/** Judges the request's `Origin` against the relay's own origin and the list. */
export function judgeOrigin(request: Request, settings: RelaySettings): OriginVerdict {
  const origin = request.headers.get('origin')
  if (origin === null || origin === new URL(request.url).origin)
    return { allowed: true, cors: undefined }
  if (settings.allowedOrigins.has(origin)) return { allowed: true, cors: origin }
  return { allowed: false, cors: undefined }
}

/** The CORS headers of an answer to a listed origin. */
export function corsHeaders(origin: string): Headers {
  return new Headers({
    'access-control-allow-origin': origin,
    'access-control-expose-headers': 'Date, Retry-After',
    vary: 'Origin',
  })
}

/**
 * Answers a preflight from a listed origin: only the API's methods and headers are allowed.
 * `undefined` when it asks for anything else.
 */
export function preflight(request: Request, origin: string): Response | undefined {
  const method = request.headers.get('access-control-request-method') ?? ''
  const asked = (request.headers.get('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
  if (!METHODS.includes(method) || asked.some((name) => !REQUEST_HEADERS.includes(name)))
    return undefined
  const headers = corsHeaders(origin)
  headers.set('access-control-allow-methods', METHODS.join(', '))
  headers.set('access-control-allow-headers', REQUEST_HEADERS.join(', '))
  headers.set('access-control-max-age', '600')
  return new Response(null, { status: 204, headers })
}
