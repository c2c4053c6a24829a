// Keeps key material and signatures out of every error. Text that a server sent is cut to
// {@link MAX_TEXT} characters before any pattern sees it, so a huge answer cannot make redaction
// slow, and nested details are copied only to a bounded depth and width.

/** Characters of server text kept per string. */
const MAX_TEXT = 1000

// A PEM block, armour and all, even when its END line is missing.
const PEM_BLOCK = /-----BEGIN [^-]*-----[\s\S]*?(?:-----END [^-]*-----|$)/g
// A run of base64 (standard or URL-safe, URL-encoded bytes included), possibly re-wrapped and
// indented, long enough to be key material or a signature: 40 characters is 30 bytes, less than
// an Ed25519 seed.
const BASE64_RUN = /(?:[\w+/-]|%[\da-f]{2})(?:(?:\r?\n[ \t]*)?(?:[\w+/-]|%[\da-f]{2})){39,}={0,2}/gi
// Hex of 16 bytes or more, plain or colon-separated as OpenSSL prints it, wherever it stands
// ("abc_<hex>" too: not \b, for which "_" is part of a word; no lookbehind, for older Safari).
const HEX_RUN = /(^|[^\da-f])(?:[\da-f]{32,}|(?:[\da-f]{2}:){15,}[\da-f]{2})(?![\da-f])/gi

/**
 * Replaces anything that looks like key material or a signature with `[redacted]`: PEM blocks,
 * long hex runs, and long base64 runs in any of their forms (base64url, re-wrapped, URL-encoded).
 * Runs without upper case, lower case and digits together, or made mostly of separators (ids,
 * paths, slugs, codes), are left as they are.
 */
export function redact(text: string): string {
  return text
    .replace(PEM_BLOCK, '[redacted PEM]')
    .replace(HEX_RUN, '$1[redacted]')
    .replace(BASE64_RUN, (run) =>
      mixed(run) &&
      // A path or a slug is made of words between many separators, at most one of which mixes
      // cases and digits; random base64 has about 3 separators in 100, and mixed words between.
      ((run.match(/[/_-]/g)?.length ?? 0) < run.length / 12 ||
        run.split(/[/_-]/).filter(mixed).length > 1)
        ? '[redacted]'
        : run,
    )
}

const mixed = (text: string) => /[A-Z]/.test(text) && /[a-z]/.test(text) && /\d/.test(text)

/** Server text, cut to a bounded length (never inside a run that may be key material), then redacted. */
export function redactServerText(text: string): string {
  return redact(
    text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT).replace(/[\w+/=%\s-]*$/, '')}…` : text,
  )
}

/**
 * A copy of JSON-like details with every key and string redacted, at most 8 levels deep and 50
 * entries wide: what lies beyond is replaced by `'[truncated]'`.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactServerText(value)
  if (typeof value !== 'object' || value === null) return value
  if (depth > 8) return '[truncated]'
  const entries = Object.entries(value).slice(0, 50)
  const copy = entries.map(([key, inner]) => [redactServerText(key), redactDeep(inner, depth + 1)])
  return Array.isArray(value) ? copy.map(([, inner]) => inner) : Object.fromEntries(copy)
}

/**
 * Whether text could be key material: PEM armour, or what {@link redact} hides in the SDK's own
 * messages (a PEM block, hex of 16 bytes or more, a base64 run of 40 characters or more that
 * mixes cases and digits and is not mostly separators, as a path or a slug is). Such text is never
 * sent, whatever field it was put in; names, subtrader ids and relay URLs of words and numbers
 * pass.
 */
export function looksLikeKeyMaterial(text: string): boolean {
  return /-----|PRIVATE KEY/.test(text) || redact(text) !== text
}

export const KEY_MATERIAL = 'Looks like key material: never sent'
