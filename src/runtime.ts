import { KalshiRuntimeError } from './errors.js'

/**
 * The runtime's WebCrypto. Browsers expose `crypto.subtle` only in secure contexts (https, or
 * http on localhost), so a page served over plain http from a LAN address has none: that gets one
 * clear error instead of "Cannot read properties of undefined".
 */
export function subtle(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle
  if (subtle === undefined) {
    throw new KalshiRuntimeError(
      'ERR_UNSUPPORTED_RUNTIME',
      'No crypto.subtle: use https or localhost',
    )
  }
  return subtle
}
