// Signature checks with node:crypto only: this file must never import the SDK, so that the SDK's
// signer is checked against an independent implementation of Kalshi's rule.
import { constants, type KeyObject, verify } from 'node:crypto'

/**
 * Verifies an RSA-PSS signature as Kalshi does: SHA-256, MGF1-SHA-256, salt length exactly 32.
 *
 * @example
 * verifyPssSha256(publicKey, Buffer.from('1GET/trade-api/v2/api_keys'), signature) // true or false
 */
export function verifyPssSha256(
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return verify(
      'sha256',
      data,
      { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      signature,
    )
  } catch {
    return false
  }
}

/**
 * Verifies a pure Ed25519 signature (RFC 8032), as Kalshi does for Ed25519 keys.
 *
 * @example
 * verifyEd25519(publicKey, Buffer.from('1GET/trade-api/v2/api_keys'), signature) // true or false
 */
export function verifyEd25519(
  publicKey: KeyObject,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return verify(null, data, publicKey, signature)
  } catch {
    return false
  }
}

/**
 * Checks the `KALSHI-ACCESS-SIGNATURE` of one request over `timestamp + METHOD + path`, with the
 * algorithm of the registered key: RSA-PSS for RSA keys, Ed25519 for Ed25519 keys.
 * The signature must be standard, padded base64.
 *
 * @example
 * verifyRequestSignature({ publicKey, timestamp: '1', method: 'GET', path: '/trade-api/v2/api_keys', signature })
 */
export function verifyRequestSignature({
  publicKey,
  timestamp,
  method,
  path,
  signature,
}: {
  publicKey: KeyObject
  timestamp: string
  method: string
  path: string
  signature: string
}): boolean {
  const bytes = Buffer.from(signature, 'base64')
  // Buffer.from is lenient (it skips junk); insist on the canonical encoding.
  if (bytes.length === 0 || bytes.toString('base64') !== signature) return false
  const data = Buffer.from(`${timestamp}${method}${path}`, 'utf8')
  return publicKey.asymmetricKeyType === 'ed25519'
    ? verifyEd25519(publicKey, data, bytes)
    : verifyPssSha256(publicKey, data, bytes)
}
