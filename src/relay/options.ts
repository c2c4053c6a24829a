// The relay's settings: where it forwards to, and its limits. Resolved once, when it is made.
import { KALSHI_BASE_URLS, KALSHI_WEBSOCKET_URLS, WEBSOCKET_PATH } from '../kalshi-urls.js'
import { flag, whole } from '../options.js'

/** Options of {@link createRelay}. */
export interface RelayOptions {
  /**
   * Where requests go: `'production'`, `'demo'`, or the REST base URL of another upstream (a
   * test server, say), ending in its API root, e.g. `http://127.0.0.1:8787/trade-api/v2`.
   */
  upstream: 'production' | 'demo' | (string & {})
  /**
   * The WebSocket API's URL. Default: Kalshi's for `'production'` and `'demo'`, else the
   * upstream's origin with `ws:`/`wss:` and the path `/trade-api/ws/v2`.
   */
  websocketUpstream?: string
  /** The largest request body forwarded, in bytes; larger ones get 413. Default 65 536. */
  maxBodyBytes?: number
  /**
   * Milliseconds the upstream has to answer, body included; then 504. Default 10 000. A request
   * the browser gives up on is aborted upstream at once.
   */
  timeout?: number
  /**
   * Origins of pages on other origins allowed to call the relay (with CORS preflights), exactly
   * as a browser sends them, e.g. `['https://app.example.com']`. Default none: same-origin pages
   * only. There is no wildcard.
   */
  allowedOrigins?: readonly string[]
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch
  /**
   * Let `POST /trade-api/v2/api_keys/generate` through. Default `false`: its answer carries the
   * new key's whole private key PEM, so a relay that passes it sees a key it could sign with, for
   * as long as the key lives. Allow it only on a relay you trust as much as the page itself (your
   * own, on your origin): the relay then streams the answer to the page and keeps, logs or sends
   * it nowhere else. Pages that make their keys on the device (`createApiKeyWithDeviceKey`) never
   * need it.
   */
  allowGenerate?: boolean
}

/** The settings as the relay uses them. */
export interface RelaySettings {
  /** The REST API root: origin and path, no trailing slash. */
  readonly rest: string
  /** The WebSocket API's URL. */
  readonly websocket: URL
  readonly maxBodyBytes: number
  readonly timeout: number
  readonly allowedOrigins: ReadonlySet<string>
  readonly fetch: typeof fetch
  readonly allowGenerate: boolean
}

/** Checks and completes the options; throws a `TypeError` naming the option at fault. */
export function resolveRelayOptions(options: RelayOptions): RelaySettings {
  const { upstream } = options ?? {}
  const known =
    upstream === 'production' || upstream === 'demo'
      ? (upstream as 'production' | 'demo')
      : undefined
  const rest = httpUrl(known ? KALSHI_BASE_URLS[known] : upstream, 'upstream')
  const websocket = new URL(
    options.websocketUpstream ??
      (known
        ? KALSHI_WEBSOCKET_URLS[known]
        : `${rest.protocol === 'https:' ? 'wss' : 'ws'}://${rest.host}${WEBSOCKET_PATH}`),
  )
  if (!/^wss?:$/.test(websocket.protocol) || websocket.search || websocket.hash)
    throw new TypeError('websocketUpstream must be a ws: or wss: URL without a query')
  const origins = options.allowedOrigins ?? []
  if (!Array.isArray(origins)) throw new TypeError('allowedOrigins must be a list of origins')
  for (const origin of origins) {
    // Exactly as a browser sends it: scheme, host, port if not the default; nothing else.
    let parsed: URL | undefined
    try {
      parsed = new URL(origin)
    } catch {}
    if (typeof origin !== 'string' || parsed?.origin !== origin)
      throw new TypeError('allowedOrigins must hold origins such as "https://app.example.com"')
  }
  return {
    rest: rest.href.replace(/\/+$/, ''),
    websocket,
    maxBodyBytes: whole(options.maxBodyBytes, 64 * 1024, 'maxBodyBytes'),
    timeout: whole(options.timeout, 10_000, 'timeout'),
    allowedOrigins: new Set(origins),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    allowGenerate: flag(options.allowGenerate, 'allowGenerate'),
  }
}

function httpUrl(value: unknown, name: string): URL {
  let url: URL | undefined
  try {
    url = new URL(String(value))
  } catch {}
  if (
    typeof value !== 'string' ||
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.search ||
    url.hash
  )
    throw new TypeError(`${name} must be "production", "demo" or an http(s) URL without a query`)
  return url
}
