import { KalshiValidationError } from './errors.js'

/** A query: an object of values (an array repeats its key; `undefined` is left out), or `URLSearchParams`. */
export type SearchParams =
  | URLSearchParams
  | Record<string, string | number | boolean | undefined | readonly (string | number | boolean)[]>

/**
 * The query as the pairs that go on the wire, read once: the caller's object may change after
 * the call (or a getter answer differently twice), the copy does not. Every value is made a
 * string here, so what is screened is exactly what is sent.
 */
export function toSearchParams(query: SearchParams | undefined, context: string): URLSearchParams {
  const copy = new URLSearchParams()
  if (query instanceof URLSearchParams) {
    for (const [name, value] of query) copy.append(name, value)
    return copy
  }
  if (typeof query !== 'object' && query !== undefined) throw invalid(context)
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      // Only what has one obvious text: an object's toString() could say anything, twice.
      if (!['string', 'number', 'boolean', 'undefined'].includes(typeof item))
        throw invalid(context)
      if (item !== undefined) copy.append(name, String(item))
    }
  }
  return copy
}

const invalid = (context: string) =>
  new KalshiValidationError(
    'ERR_INVALID_REQUEST',
    `${context}: searchParams must be URLSearchParams or an object of strings, numbers, booleans or arrays of them`,
    [],
  )
