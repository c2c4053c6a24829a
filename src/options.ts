// The checks of the options of `createClient` and `createRelay`: one rule each, one message.

/**
 * A whole-number option from `min` to `max` (default 1 to 2^31 - 1, past which `setTimeout`
 * cannot wait), or `fallback` when absent; otherwise a `TypeError` naming it.
 */
export function whole<T extends number | undefined>(
  value: unknown,
  fallback: T,
  name: string,
  min = 1,
  max = 2_147_483_647,
): number | T {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
    throw new TypeError(`${name} must be a whole number from ${min} to ${max}`)
  return value as number
}

/** A boolean option, `false` when absent; otherwise a `TypeError` naming it. */
export function flag(value: unknown, name: string): boolean {
  if (value !== undefined && typeof value !== 'boolean')
    throw new TypeError(`${name} must be true or false`)
  return value === true
}
