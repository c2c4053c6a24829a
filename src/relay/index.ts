// `kalshi-webcrypto/relay`: the secret-free relay, for any runtime with fetch. Not part of the
// browser bundles.

export type { RelayHandler } from './handler.js'
export { createRelay } from './handler.js'
export type { RelayOptions } from './options.js'
export type { RelayRule } from './rules.js'
export type { WebSocketAuthHeaders } from './websocket.js'
export { RELAY_PROTOCOL, readWebSocketCredentials, WEBSOCKET_PATH } from './websocket.js'
