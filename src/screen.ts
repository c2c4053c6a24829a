// The one screen for what the SDK sends: text that could be key material is never sent, whatever
// field it was put in. Its rule is redaction's (redact.ts) plus a private key's structure found
// in any encoding. No valibot here: the keys-only entry screens key ids with it too.
import { fromBase64 } from './base64.js'
import { copyJson, copyQuery, type SearchParams, stringsOf } from './copy.js'
import { holdsPrivateKeyDer } from './keys/der.js'
import { wouldRedact } from './redact.js'
import { forgetLastMatch } from './regexp-statics.js'
import { ENCODED_UNRESERVED } from './signer.js'
import { KalshiValidationError } from './validation-error.js'

/**
 * Whether text could be key material: PEM armour, a private key's DER in any encoding (see
 * {@link holdsEncodedPrivateKey}), or what {@link redact} hides in the SDK's own messages (a PEM
 * block, hex of 16 bytes or more, also with separators between bytes or groups of 4, a base64 run
 * of 40 characters or more that mixes cases and digits and is not mostly separators, as a path or
 * a slug is). Such text is never sent, whatever field it was put in; names, subtrader ids and
 * relay URLs of words and numbers pass.
 */
export function looksLikeKeyMaterial(text: string): boolean {
  return holdsEncodedPrivateKey(text) || wouldRedact(text)
}

/**
 * Whether text holds PEM armour or a private key's DER (PKCS#8 or PKCS#1, whole or cut) as base64
 * (standard or URL-safe, wrapped, URL-encoded) or hex (plain, upper case, or with separators), at
 * any alignment. This is the screen of `client.request`'s query and body, where long base64
 * (cursors, ids) is common: it finds a key's structure, not any long run. A bare secret without
 * structure (a 32-byte Ed25519 seed alone, a JWK's `d`) looks like a cursor and passes it.
 */
export function holdsEncodedPrivateKey(text: string): boolean {
  try {
    return findsEncodedKey(text)
  } finally {
    forgetLastMatch()
  }
}

function findsEncodedKey(text: string): boolean {
  if (/-----|PRIVATE KEY/.test(text)) return true
  let plain = text
  try {
    plain = decodeURIComponent(text)
  } catch {}
  // Runs of base64 or base64url (whitespace dropped), and of hex (separators dropped), each
  // decoded at every alignment.
  const runs = (gone: RegExp, run: RegExp) => plain.replace(gone, '').match(run) ?? []
  for (const run of runs(/\s+/g, /[\w+/-]{20,}/g))
    for (let shift = 0; shift < 4; shift++) {
      const part = run.slice(shift).replace(/-/g, '+').replace(/_/g, '/')
      const bytes = fromBase64(part.slice(0, part.length & ~3))
      if (bytes && holdsPrivateKeyDer(bytes)) return true
    }
  for (const run of runs(/[\s:.-]+/g, /[\da-f]{30,}/gi))
    for (let shift = 0; shift < 2; shift++) {
      const pairs = run.slice(shift).match(/../g) ?? []
      if (holdsPrivateKeyDer(Uint8Array.from(pairs, (pair) => Number.parseInt(pair, 16))))
        return true
    }
  return false
}

/** Why a value was refused, in every such message. */
export const KEY_MATERIAL = 'Looks like key material: never sent'

/**
 * The screen of `client.request`: a method and a path below `/trade-api/v2` that is sent as it is
 * signed, and no key material in the path, the query or the body; else `ERR_INVALID_REQUEST`.
 * The query and the body are copied once (copy.ts): the copies are what is screened and sent.
 */
export function screenRequest(
  method: unknown,
  path: unknown,
  searchParams: SearchParams | undefined,
  json: unknown,
): { query: string[][] | undefined; body: unknown } {
  // The path must be what the URL parser leaves as it is (no dot segments, nothing to encode)
  // and hold no encoded separator: it cannot leave /trade-api/v2, and what is signed is sent.
  // Nor may it percent-encode a letter, digit or "-._~", which WebKit sends decoded: the
  // signature would cover another path than the one on the wire (see signRequest).
  if (
    typeof path !== 'string' ||
    !/^\/[^/]/.test(path) ||
    /\/\/|\/$|%(2f|5c|(?![\da-f]{2}))/i.test(path) ||
    ENCODED_UNRESERVED.test(path) ||
    new URL(`/x${path}`, 'http://h').pathname !== `/x${path}` ||
    // A method that is not a string matches none of these.
    !['GET', 'POST', 'PUT', 'DELETE'].includes(method as string) ||
    looksLikeKeyMaterial(path)
  )
    throw new KalshiValidationError(
      'ERR_INVALID_REQUEST',
      'request: a method and a path below /trade-api/v2, such as /portfolio/balance',
      [],
    )
  const query = copyQuery(searchParams)
  const body = copyJson(json)
  // Key material never leaves: a path is screened whole (above); a query and a body, where
  // cursors and ids may be long base64, for PEM armour and a private key's DER in any encoding.
  for (const text of [...(query ?? []).flat(), ...stringsOf(body)])
    if (holdsEncodedPrivateKey(text))
      throw new KalshiValidationError('ERR_INVALID_REQUEST', `request: ${KEY_MATERIAL}`, [])
  return { query, body }
}
