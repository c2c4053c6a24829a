// Which pages may use the relay. Same-origin pages always; pages on other origins only when
// listed, with CORS preflights; never `*`. "Same origin" is what the browser itself asserts:
// behind a proxy or in a framework, the URL the relay sees is often not the one the page used.
import type { RelaySettings } from './options.js'
import { METHODS, REQUEST_HEADERS } from './rules.js'

/** What the relay makes of a request's `Sec-Fetch-Site` and `Origin`. */
export type OriginVerdict =
  /** The browser says the page is the relay's own origin, or no browser page is involved. */
  | { allowed: true; cors: undefined }
  /** A listed origin: answered with CORS headers for it. */
  | { allowed: true; cors: string }
  /** Refused; `why` names the rule, for the refusal's message. */
  | { allowed: false; cors: undefined; why: string }

/**
 * Judges a request by what the browser asserts about it. `Sec-Fetch-Site` (Fetch Metadata) is
 * set by the browser and cannot be set by a page's script: `same-origin` means the page's origin
 * is the origin of the URL the browser requested, whatever Host or URL a proxy or a framework
 * then hands to the relay. `Origin` is set by the browser too; an opaque one (`null`: a sandboxed
 * frame, a `file:` page, a request redirected across origins) is never let in. Without Fetch
 * Metadata (browsers before 2023, or no browser at all) the relay falls back to comparing
 * `Origin` with its own URL, as before.
 */
export function judgeOrigin(request: Request, settings: RelaySettings): OriginVerdict {
  const origin = request.headers.get('origin')
  const site = request.headers.get('sec-fetch-site')?.trim().toLowerCase()
  if (origin === 'null') return refused(OPAQUE)
  if (site === 'same-origin') return { allowed: true, cors: undefined }
  if (origin !== null && settings.allowedOrigins.has(origin)) return { allowed: true, cors: origin }
  if (site === 'same-site' || site === 'cross-site') return refused(NOT_LISTED)
  // No Fetch Metadata, or `none` (an address typed by the user): the check of old.
  if (origin === null || origin === new URL(request.url).origin)
    return { allowed: true, cors: undefined }
  return refused(NOT_LISTED)
}

const OPAQUE = 'A page with an opaque origin ("null") may not use the relay'
const NOT_LISTED =
  'A page on another origin may not use the relay unless its origin is in allowedOrigins'

const refused = (why: string): OriginVerdict => ({ allowed: false, cors: undefined, why })

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
