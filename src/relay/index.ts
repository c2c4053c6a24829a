// `kalshi-webcrypto/relay`: the secret-free relay, for any runtime with fetch. Not part of the
// browser bundles.

/**
 * The relay a page calls the API through: a fetch handler that holds no key and needs no secret,
 * for Workers, Deno, Bun and Node.
 *
 * @module kalshi-webcrypto/relay
 */

export type { KalshiAuthHeaders } from '../signer.js'
export type { RelayHandler } from './handler.js'
export { createRelay } from './handler.js'
export type { RelayOptions } from './options.js'
export type { RelayRule } from './rules.js'
export { RELAY_PROTOCOL, readWebSocketCredentials, WEBSOCKET_PATH } from './websocket.js'
