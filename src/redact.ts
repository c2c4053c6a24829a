// Keeps key material and signatures out of every error. Text that a server sent is cut to
// {@link MAX_TEXT} characters before any pattern sees it, so a huge answer cannot make redaction
// slow, and nested details are copied only to a bounded depth and width.

/** Characters of server text kept per string. */
const MAX_TEXT = 1000

// A PEM block, armour and all, even when its END line is missing.
const PEM_BLOCK = /-----BEGIN [^-]*-----[\s\S]*?(?:-----END [^-]*-----|$)/g
// A run of base64 (standard or URL-safe), possibly re-wrapped and indented, long enough to be key
// material or a signature: 40 characters is 30 bytes, less than an Ed25519 seed.
const BASE64_RUN = /[\w+/-](?:(?:\r?\n[ \t]*)?[\w+/-]){39,}={0,2}/g
// The strict form, for text from outside (a server's answer, what the caller asks to send): 32
// characters (24 bytes) are enough, URL-encoded bytes count, separators are no excuse.
const STRICT_RUN = /(?:[\w+/=-]|%[\da-f]{2})(?:(?:\r?\n[ \t]*)?(?:[\w+/=-]|%[\da-f]{2})){31,}/gi
// Hex of 16 bytes or more, plain or colon-separated as OpenSSL prints it.
const HEX_RUN = /\b(?:[\da-f]{32,}|(?:[\da-f]{2}:){15,}[\da-f]{2})\b/gi

const mixed = (run: string) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run)

/**
 * Replaces anything that looks like key material or a signature with `[redacted]`. Runs without
 * upper case, lower case and digits together, or (unless `strict`) with many separators, such as
 * ids, paths and codes, are left as they are. Strict, it also catches a signature echoed in any
 * of its forms: base64, base64url, hex, or URL-encoded.
 */
export function redact(text: string, strict?: boolean): string {
  return text
    .replace(PEM_BLOCK, '[redacted PEM]')
    .replace(HEX_RUN, '[redacted]')
    .replace(strict ? STRICT_RUN : BASE64_RUN, (run) =>
      mixed(run) &&
      // A path or a slug is mostly separators; random base64 has about 3 in 100.
      (strict || (run.match(/[/_-]/g)?.length ?? 0) < run.length / 12)
        ? '[redacted]'
        : run,
    )
}

/** Server text, cut to a bounded length (never inside a run that may be key material), then redacted. */
export function redactServerText(text: string): string {
  const cut =
    text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT).replace(/[\w+/=%\s-]*$/, '')}…` : text
  return redact(cut, true)
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
