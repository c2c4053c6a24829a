import { looksLikeKeyMaterial } from './screen.js'

/** An error answer, read from any of the shapes the API and the proxies before it use. */
export interface ApiErrorBody {
  code: string | undefined
  message: string | undefined
  details: unknown
}

/**
 * Reads `{"error": {"code", "message", "details"}}`, `{"code", "message"}`, `{"error": "…"}`,
 * `{"msg": "…"}`, and bodies that are not JSON at all (an HTML page from a proxy).
 */
export function readApiErrorBody(text: string): ApiErrorBody {
  let body: unknown
  // Not JSON: read as `undefined`, which has none of the fields.
  try {
    body = JSON.parse(text)
  } catch {}
  // Object(): null and undefined give {}, and a string or a number has none of the fields read.
  const outer: Record<string, unknown> = Object(body)
  const inner: Record<string, unknown> = Object(outer.error)
  const rawCode = asText(inner.code) ?? asText(outer.code)
  // Some codes carry dynamic text ("invalid_parameter: name"): the leading word is the stable code.
  // A short strict token, or none (the caller then uses http_<status>): at most 40 characters,
  // ending where the text ends or at a space or colon (not at the "+" of an echoed signature),
  // with no word that mixes cases and digits as a key or a signature does.
  const token = rawCode?.match(/^[A-Za-z][\w.-]{0,39}(?=$|[\s:;,(])/)?.[0]
  const code =
    token && !token.split(/[_.-]/).some(mixesCasesAndDigits) && !looksLikeKeyMaterial(token)
      ? token
      : undefined
  const message =
    asText(inner.message) ??
    asText(inner.msg) ??
    asText(outer.error) ??
    asText(outer.message) ??
    asText(outer.msg) ??
    asText(outer.detail) ??
    // Seen in the wild: {"error":{"code":"authentication_error","details":"INCORRECT_API_KEY_SIGNATURE"}}
    asText(inner.details)
  return {
    code,
    message: rawCode !== code ? [message, rawCode].filter(Boolean).join(' — ') : message,
    details: inner.details ?? outer.details,
  }
}

const mixesCasesAndDigits = (word: string) =>
  /[A-Z]/.test(word) && /[a-z]/.test(word) && /\d/.test(word)

function asText(value: unknown): string | undefined {
  return (typeof value === 'string' && value.trim()) || undefined
}
