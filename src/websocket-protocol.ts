// How a browser hands the three signed values of a WebSocket handshake to the relay: as
// `Sec-WebSocket-Protocol` tokens (a browser cannot set any other header on a WebSocket). The SDK
// writes them (websocket.ts), the relay reads them (relay/websocket.ts); only this file knows
// their format. Protocol names are HTTP tokens, so base64 goes as base64url without padding.

/** The subprotocol the relay answers with: never one that carries a credential. */
export const RELAY_PROTOCOL = 'kalshi-relay'
/** Prefixes of the tokens that carry the key id, the timestamp and the signature. */
export const KEY_TOKEN = 'kalshi-key.'
export const TIMESTAMP_TOKEN = 'kalshi-timestamp.'
export const SIGNATURE_TOKEN = 'kalshi-signature.'

/** The canonical path a WebSocket handshake signs. */
export { WEBSOCKET_PATH } from './kalshi-urls.js'

/** Standard base64 (padded or not) to base64url without padding. */
export const toBase64Url = (base64: string): string =>
  base64.replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : ''))
