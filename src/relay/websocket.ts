// The WebSocket sign-in, relay side: the three signed values come as `Sec-WebSocket-Protocol`
// tokens (see ../websocket-protocol.ts), are checked for shape, and become the
// `KALSHI-ACCESS-*` headers of the handshake upstream. The relay can check shape only: the
// upstream verifies the signature.
import { API_KEY_ID } from '../key-id.js'
import type { KalshiAuthHeaders } from '../signer.js'
import {
  KEY_TOKEN,
  RELAY_PROTOCOL,
  SIGNATURE_TOKEN,
  TIMESTAMP_TOKEN,
  WEBSOCKET_PATH,
} from '../websocket-protocol.js'

export { RELAY_PROTOCOL, WEBSOCKET_PATH }

const BASE64URL = /^[A-Za-z0-9_-]+$/

/**
 * Reads the signed values from a `Sec-WebSocket-Protocol` header; `undefined` unless it holds
 * `kalshi-relay` and exactly one well-formed key id, timestamp and signature.
 */
export function readWebSocketCredentials(
  protocols: string | null | undefined,
): KalshiAuthHeaders | undefined {
  const tokens = (protocols ?? '').split(',').map((token) => token.trim())
  if (!tokens.includes(RELAY_PROTOCOL)) return undefined
  const one = (prefix: string) => {
    const found = tokens.filter((token) => token.startsWith(prefix))
    return found.length === 1 ? found[0]?.slice(prefix.length) : undefined
  }
  const keyId = decode(one(KEY_TOKEN))
  const timestamp = one(TIMESTAMP_TOKEN)
  const signature = decode(one(SIGNATURE_TOKEN))
  if (
    keyId === undefined ||
    !API_KEY_ID.test(keyId) ||
    timestamp === undefined ||
    !/^\d{1,16}$/.test(timestamp) ||
    signature === undefined ||
    // Ed25519: 64 bytes; RSA: 256 to 1024 (2048 to 8192 bits).
    signature.length < 64 ||
    signature.length > 1024
  )
    return undefined
  return {
    'KALSHI-ACCESS-KEY': keyId,
    'KALSHI-ACCESS-TIMESTAMP': timestamp,
    'KALSHI-ACCESS-SIGNATURE': btoa(signature),
  }
}

/** base64url without padding to a binary string; `undefined` if it is not that. */
function decode(text: string | undefined): string | undefined {
  if (text === undefined || !BASE64URL.test(text) || text.length % 4 === 1) return undefined
  try {
    return atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  } catch {
    return undefined
  }
}

/** Whether a request asks to become a WebSocket. */
export const isUpgrade = (headers: Headers): boolean =>
  headers.get('upgrade')?.toLowerCase() === 'websocket'

/** `Sec-WebSocket-Key`: 16 random bytes in base64. */
export const WEBSOCKET_KEY = /^[A-Za-z0-9+/]{22}==$/
