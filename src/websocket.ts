import { type Credentials, type SignableRequest, signRequest } from './signer.js'
import {
  KEY_TOKEN,
  RELAY_PROTOCOL,
  SIGNATURE_TOKEN,
  TIMESTAMP_TOKEN,
  toBase64Url,
  WEBSOCKET_PATH,
} from './websocket-protocol.js'

/** Options of {@link signWebSocketProtocols}. */
export interface SignWebSocketOptions {
  /** Milliseconds since the epoch. Default: now (add `client.clockOffset` to follow the server's clock). */
  timestamp?: number
}

/**
 * Signs the handshake of Kalshi's WebSocket API (`GET /trade-api/ws/v2`) and returns the
 * subprotocol list to open it with through the relay (`kalshi-webcrypto/relay`): a browser
 * cannot set the `KALSHI-ACCESS-*` headers on a WebSocket, so they travel in
 * `Sec-WebSocket-Protocol`, and the relay sets them as headers upstream. The relay answers with
 * the `kalshi-relay` protocol only, never echoing the signature. Sign right before connecting:
 * the API accepts a timestamp for a few seconds only.
 *
 * @example
 * ```ts
 * const socket = new WebSocket(
 *   new URL('/trade-api/ws/v2', location.href.replace(/^http/, 'ws')),
 *   await signWebSocketProtocols(credentials),
 * )
 * socket.onopen = () => socket.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['fill'] } }))
 * ```
 */
export async function signWebSocketProtocols(
  credentials: Credentials,
  options?: SignWebSocketOptions,
): Promise<string[]> {
  // An undefined timestamp is now, for signRequest as here.
  const headers = await signRequest(credentials, {
    method: 'GET',
    path: WEBSOCKET_PATH,
    timestamp: options?.timestamp,
  } as SignableRequest)
  return [
    RELAY_PROTOCOL,
    KEY_TOKEN + toBase64Url(btoa(headers['KALSHI-ACCESS-KEY'])),
    TIMESTAMP_TOKEN + headers['KALSHI-ACCESS-TIMESTAMP'],
    SIGNATURE_TOKEN + toBase64Url(headers['KALSHI-ACCESS-SIGNATURE']),
  ]
}
