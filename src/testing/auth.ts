// @ts-check
// Signature checks with node:crypto only: this file must never import the SDK, so that the SDK's
// signer is checked against an independent implementation of Kalshi's rule.
import { constants, verify } from 'node:crypto'

/**
 * Verifies an RSA-PSS signature as Kalshi does: SHA-256, MGF1-SHA-256, salt length exactly 32.
 *
 * @param {import('node:crypto').KeyObject} publicKey
 * @param {Uint8Array} data
 * @param {Uint8Array} signature
 * @returns {boolean}
 */
export function verifyPssSha256(publicKey, data, signature) {
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
 * @param {import('node:crypto').KeyObject} publicKey
 * @param {Uint8Array} data
 * @param {Uint8Array} signature
 * @returns {boolean}
 */
export function verifyEd25519(publicKey, data, signature) {
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
 * @param {{ publicKey: import('node:crypto').KeyObject, timestamp: string, method: string, path: string, signature: string }} request
 * @returns {boolean}
 */
export function verifyRequestSignature({ publicKey, timestamp, method, path, signature }) {
  const bytes = Buffer.from(signature, 'base64')
  // Buffer.from is lenient (it skips junk); insist on the canonical encoding.
  if (bytes.length === 0 || bytes.toString('base64') !== signature) return false
  const data = Buffer.from(`${timestamp}${method}${path}`, 'utf8')
  return publicKey.asymmetricKeyType === 'ed25519'
    ? verifyEd25519(publicKey, data, bytes)
    : verifyPssSha256(publicKey, data, bytes)
}
