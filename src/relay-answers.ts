// What the client makes of answers that came from its relay, or from no relay at all: a page's
// `baseUrl` that reaches a dev server or a static host instead of the relay gets an error that
// says so, and a refusal by the relay says which of its rules refused it.
import type { ApiErrorBody } from './api-error-body.js'

// Kalshi's own hosts: an answer from them is the API's, never a missing relay's.
const KALSHI_HOST = /(^|\.)kalshi\.com?$/i

/**
 * The message of `ERR_NO_RELAY` when the answer looks like no relay gave it, else `undefined`:
 * not from Kalshi's own hosts, a 2xx, 404 or 405 that is an HTML page (a dev server's fallback
 * page, a framework's 404), or a 404 or 405 without an error code (every relay refusal and every
 * API error has one). A proxy's 502 page is about a relay that is down, and keeps its status.
 */
export function missingRelay(
  baseUrl: URL,
  response: Response,
  code: string | undefined,
): string | undefined {
  const { ok, status } = response
  if (KALSHI_HOST.test(baseUrl.hostname) || (!ok && status !== 404 && status !== 405)) return
  if (!/^text\/html/i.test(response.headers.get('content-type') ?? '') && (ok || code)) return
  return `no relay answered at ${baseUrl.href.replace(/\/+$/, '')} (README: "Use it with…")`
}

/** What a refusal by the relay adds to its message: its rule, and where that is explained. */
export function refusalNote({ code, details }: ApiErrorBody): string | undefined {
  const rule = (details as { rule?: unknown } | undefined)?.rule
  if (code === 'relay_refused')
    return `refused by the relay's ${typeof rule === 'string' ? rule.slice(0, 20) : 'own'} rule; README: "Troubleshooting"`
}
