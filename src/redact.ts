import { forgetLastMatch } from './regexp-statics.js'

// Keeps key material and signatures out of every error. Text that a server sent is cut to
// {@link MAX_TEXT} characters before any pattern sees it, so a huge answer cannot make redaction
// slow, and nested details are copied only to a bounded depth and width.

/** Characters of server text kept per string. */
const MAX_TEXT = 1000

// A PEM block, armour and all, even when its END line is missing.
const PEM_BLOCK = /-----BEGIN [^-]*-----[\s\S]*?(?:-----END [^-]*-----|$)/g
// A run of base64 (standard or URL-safe, URL-encoded bytes or HTML entities such as `&#43;` for
// `+` included), possibly re-wrapped and indented, long enough to be key material or a signature:
// 40 characters is 30 bytes, less than an Ed25519 seed. One character is
// `(?:[\w+/-]|%[\da-f]{2}|&(?:#x[\da-f]{1,4}|#\d{1,5}|plus|sol|equals);)`, the padding after
// them `=` in any of those forms. Literals, not strings put together: in the bundles, the repeated
// parts cost next to nothing once compressed, and `new RegExp(String.raw…)` costs its own bytes.
const BASE64_RUN =
  /(?:[\w+/-]|%[\da-f]{2}|&(?:#x[\da-f]{1,4}|#\d{1,5}|plus|sol|equals);)(?:(?:\r?\n[ \t]*)?(?:[\w+/-]|%[\da-f]{2}|&(?:#x[\da-f]{1,4}|#\d{1,5}|plus|sol|equals);)){39,}(?:=|%3d|&(?:#x3d|#61|equals);){0,2}/gi
// Hex of 16 bytes or more, plain, or with a separator (colon as OpenSSL prints it, space, dash,
// a line break: `(?:[: \t-]|\r?\n[ \t]*)`) between bytes or between groups of 4 digits, wherever
// it stands ("abc_<hex>" too: not \b, for which "_" is part of a word; no lookbehind, for older
// Safari). A UUID's groups are of 8, 4 and 12 digits: it is none of these.
const HEX_RUN =
  /(^|[^\da-f])(?:[\da-f]{32,}|(?:[\da-f]{2}(?:[: \t-]|\r?\n[ \t]*)){15,}[\da-f]{2}|(?:[\da-f]{4}(?:[: \t-]|\r?\n[ \t]*)){7,}[\da-f]{4})(?![\da-f])/gi

/**
 * Replaces anything that looks like key material or a signature with `[redacted]`: PEM blocks,
 * long hex runs, and long base64 runs in any of their forms (base64url, re-wrapped, URL-encoded).
 * Runs without upper case, lower case and digits together, or made mostly of separators (ids,
 * paths, slugs, codes), are left as they are.
 */
export function redact(text: string): string {
  const redacted = text
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
  // The statics would otherwise hold the text as it came, secrets and all.
  forgetLastMatch()
  return redacted
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
 * Whether text holds PEM armour, or anything {@link redact} would hide (long base64 or hex runs in
 * their many forms): text that no field the SDK sends may hold. The screen of every field but the
 * query and body of `client.request` (screen.ts adds a private key's structure there, where long
 * base64 such as cursors is common).
 */
export function wouldRedact(text: string): boolean {
  return /-----|PRIVATE KEY/.test(text) || redact(text) !== text
}
