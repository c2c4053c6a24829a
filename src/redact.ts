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
// Hex of 16 bytes or more, plain or colon-separated as OpenSSL prints it.
const HEX_RUN = /\b(?:[\da-f]{32,}|(?:[\da-f]{2}:){15,}[\da-f]{2})\b/gi

/**
 * Replaces anything that looks like key material or a signature with `[redacted]`, and every
 * form of the given secrets (a signature's base64, base64url, hex, or URL encoding). Runs without
 * upper case, lower case and digits together, or with many separators (ids, paths, codes), are
 * left as they are.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  for (const secret of secrets) text = removeForms(text, secret)
  return text
    .replace(PEM_BLOCK, '[redacted PEM]')
    .replace(HEX_RUN, '[redacted]')
    .replace(BASE64_RUN, (run) =>
      /[A-Z]/.test(run) &&
      /[a-z]/.test(run) &&
      /\d/.test(run) &&
      // A path or a slug is mostly separators; random base64 has about 3 in 100.
      (run.match(/[/_-]/g)?.length ?? 0) < run.length / 12
        ? '[redacted]'
        : run,
    )
}

/** Server text, cut to a bounded length (never inside a run that may be key material), then redacted. */
export function redactServerText(text: string, secrets?: readonly string[]): string {
  const cut =
    text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT).replace(/[\w+/=-]*$/, '')}…` : text
  return redact(cut, secrets)
}

/**
 * A copy of JSON-like details with every key and string redacted, at most 8 levels deep and 50
 * entries wide: what lies beyond is replaced by `'[truncated]'`.
 */
export function redactDeep(value: unknown, secrets?: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redactServerText(value, secrets)
  if (typeof value !== 'object' || value === null) return value
  if (depth > 8) return '[truncated]'
  const entries = Object.entries(value).slice(0, 50)
  const copy = entries.map(([key, inner]) => [
    redactServerText(key, secrets),
    redactDeep(inner, secrets, depth + 1),
  ])
  return Array.isArray(value) ? copy.map(([, inner]) => inner) : Object.fromEntries(copy)
}

function removeForms(text: string, secret: string): string {
  let bytes = ''
  try {
    bytes = atob(secret)
  } catch {}
  const forms = [
    secret,
    secret.replace(/=+$/, ''),
    secret.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    encodeURIComponent(secret),
    [...bytes].map((char) => char.charCodeAt(0).toString(16).padStart(2, '0')).join(''),
  ]
  let lower = text.toLowerCase()
  for (const form of forms) {
    if (form.length < 16) continue
    for (let at = lower.indexOf(form.toLowerCase()); at !== -1; ) {
      text = `${text.slice(0, at)}[redacted]${text.slice(at + form.length)}`
      lower = text.toLowerCase()
      at = lower.indexOf(form.toLowerCase())
    }
  }
  return text
}
