// Kalshi's addresses, for the client and the relay alike: one place for each.

/** Every REST path is signed with this prefix, whatever address the requests go to. */
export const API_PREFIX = '/trade-api/v2'

/** The canonical path a WebSocket handshake signs. */
export const WEBSOCKET_PATH = '/trade-api/ws/v2'

/**
 * The API's REST base URLs. Keys are per environment: a demo key does not work in production.
 *
 * @example
 * ```ts
 * const relay = createRelay({ upstream: KALSHI_BASE_URLS.demo })
 * ```
 */
export const KALSHI_BASE_URLS = {
  production: `https://external-api.kalshi.com${API_PREFIX}`,
  demo: `https://external-api.demo.kalshi.co${API_PREFIX}`,
} as const

/** The WebSocket API's URLs, per environment. */
export const KALSHI_WEBSOCKET_URLS = {
  production: `wss://external-api-ws.kalshi.com${WEBSOCKET_PATH}`,
  demo: `wss://external-api-ws.demo.kalshi.co${WEBSOCKET_PATH}`,
} as const
