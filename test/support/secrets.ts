// The custody audit's search (see test/audits/custody.test.ts): a private key's secret bytes in
// every encoding the SDK produces, by windows at every offset, to look for in recorded traffic.

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const base64url = (bytes: Uint8Array) =>
  base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
export const fromBase64url = (text: string): Uint8Array =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))

/** hex, base64 and base64url of every `size`-byte window of `bytes`. */
export function encodings(bytes: Uint8Array, size = 24): string[] {
  const found: string[] = []
  for (let start = 0; start + size <= bytes.length; start++) {
    const window = bytes.subarray(start, start + size)
    found.push(hex(window), base64(window), base64url(window))
  }
  return found
}

/** The secrets of a private key exported as JWK: RSA's exponent, primes and CRT values, or an Ed25519 seed. */
export function secretsOfJwk(jwk: JsonWebKey): string[] {
  if (jwk.kty === 'OKP') return encodings(fromBase64url(jwk.d as string), 12)
  return [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].flatMap((part) =>
    encodings(fromBase64url(part as string)),
  )
}
