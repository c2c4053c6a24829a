// Check what you send, send what you checked: a caller's query and body are read once, into plain
// copies of strings, numbers and booleans, and those copies are both screened and sent. A getter,
// a `toString`, a `toJSON` or a Proxy read twice could answer differently the second time.
import { KalshiValidationError } from './validation-error.js'

const refused = () =>
  new KalshiValidationError(
    'ERR_INVALID_REQUEST',
    'request: searchParams holds strings, numbers, booleans (or lists of them); json is JSON',
    [],
  )

/** A query: an object of values (an array repeats its key; `undefined` is left out), or `URLSearchParams`. */
export type SearchParams =
  | URLSearchParams
  | Record<string, string | number | boolean | undefined | readonly (string | number | boolean)[]>

/**
 * A query as `[name, value]` pairs of strings, each value read once: from a plain object (its own
 * keys; `undefined` left out; an array gives the name once per element) or a `URLSearchParams`.
 * Anything else as a value (an object, whatever its `toString`) is refused.
 *
 * @example
 * ```ts
 * copyQuery({ limit: 5, status: ['open', 'closed'] }) // [['limit', '5'], ['status', 'open'], ['status', 'closed']]
 * ```
 */
export function copyQuery(query: unknown): string[][] | undefined {
  if (query === undefined) return undefined
  if (Object.prototype.toString.call(query) === '[object URLSearchParams]')
    return Array.from(query as URLSearchParams, ([name, value]) => [`${name}`, `${value}`])
  // A plain object only: a Map, a class instance or an array of pairs would be read as nothing, or
  // as something else than meant.
  const prototype = typeof query === 'object' && query !== null && Object.getPrototypeOf(query)
  if (prototype !== Object.prototype && prototype !== null) throw refused()
  const pairs: string[][] = []
  // Object.entries reads each value once.
  for (const [name, value] of Object.entries(query as object))
    for (const item of Array.isArray(value) ? [...value] : [value])
      if (/^(string|number|boolean)$/.test(typeof item)) pairs.push([name, `${item}`])
      else if (item !== undefined) throw refused()
  return pairs
}

/**
 * A JSON body as the plain data it stands for: serialised once (so `toJSON` and getters run
 * once), then parsed back, so that what is screened and what is sent are the same values.
 * `undefined` for no body.
 *
 * @example
 * ```ts
 * copyJson({ when: new Date(0) }) // { when: '1970-01-01T00:00:00.000Z' }
 * ```
 */
export function copyJson(json: unknown): unknown {
  if (json === undefined) return undefined
  let text: string | undefined
  try {
    text = JSON.stringify(json)
  } catch {}
  if (text === undefined) throw refused()
  return JSON.parse(text)
}

/** Every string of plain JSON data, its keys included; without recursion, so any depth is fine. */
export function stringsOf(value: unknown): string[] {
  const found: string[] = []
  const stack = [value]
  while (stack.length) {
    const next = stack.pop()
    if (typeof next === 'string') found.push(next)
    else if (typeof next === 'object' && next !== null) {
      for (const [key, inner] of Object.entries(next)) {
        if (!Array.isArray(next)) found.push(key)
        stack.push(inner)
      }
    }
  }
  return found
}
