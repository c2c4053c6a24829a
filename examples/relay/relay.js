// @ts-check
// A same-origin relay for pages that cannot call the Kalshi API cross-origin. It holds no key and
// needs no secret: the page signs each request itself, and the relay passes the three
// KALSHI-ACCESS-* headers through untouched. It is a standard fetch handler
// ((request: Request) => Promise<Response>), so it runs on Node, Deno, Bun and edge workers.

const PREFIX = '/trade-api/v2'
const METHODS = new Set(['GET', 'POST', 'DELETE'])
// Only what the API needs goes up: never the page's cookies or other headers.
const REQUEST_HEADERS = [
  'kalshi-access-key',
  'kalshi-access-timestamp',
  'kalshi-access-signature',
  'content-type',
  'accept',
]
// Only what a client needs comes back (Date, to check its clock; Retry-After, for backoff).
const RESPONSE_HEADERS = ['content-type', 'date', 'retry-after']

/**
 * Makes the relay handler.
 *
 * @param {{ upstream: string, fetch?: typeof fetch }} options `upstream` is the API base URL,
 *   e.g. `https://external-api.demo.kalshi.co/trade-api/v2`.
 * @returns {(request: Request) => Promise<Response>}
 * @example
 * // Deno: Deno.serve(createRelay({ upstream: 'https://external-api.demo.kalshi.co/trade-api/v2' }))
 * // A worker: export default { fetch: createRelay({ upstream }) }
 */
export function createRelay({ upstream, fetch = globalThis.fetch }) {
  const base = upstream.replace(/\/+$/, '')
  return async (request) => {
    // URL parsing has already resolved literal dot segments; encoded separators and dots, which
    // a server behind might still decode and resolve, are refused outright.
    const { pathname, search } = new URL(request.url)
    if (!pathname.startsWith(`${PREFIX}/`) || /%2f|%5c|%2e/i.test(pathname)) {
      return refuse(404, 'Only /trade-api/v2/ paths are relayed')
    }
    if (!METHODS.has(request.method)) return refuse(405, `${request.method} is not relayed`)
    const headers = new Headers()
    for (const name of REQUEST_HEADERS) {
      const value = request.headers.get(name)
      if (value !== null) headers.set(name, value)
    }
    let answer
    try {
      answer = await fetch(base + pathname.slice(PREFIX.length) + search, {
        method: request.method,
        headers,
        body: request.method === 'POST' ? await request.arrayBuffer() : null,
        redirect: 'manual',
      })
    } catch {
      return refuse(502, 'The Kalshi API did not answer')
    }
    const out = new Headers({ 'access-control-expose-headers': 'Date, Retry-After' })
    for (const name of RESPONSE_HEADERS) {
      const value = answer.headers.get(name)
      if (value !== null) out.set(name, value)
    }
    const empty = answer.status === 204 || answer.status === 304
    return new Response(empty ? null : answer.body, { status: answer.status, headers: out })
  }
}

/** @param {number} status @param {string} message */
function refuse(status, message) {
  return Response.json({ error: { code: 'relay_refused', message } }, { status })
}
