// Rate limits as Kalshi meters them: per account, a token bucket for reads (GET) and one for writes,
// refilled continuously, full at first, each request costing 10 tokens; over budget, 429
// `{"error":"too many requests"}` with no Retry-After and no rate-limit headers. Off unless an
// account asks for it (`rateLimit` in its settings), so no other test ever sees a 429 from here.

/** Published budgets (docs, 2026), tokens per second: [read, write]. */
export const USAGE_LEVEL_BUDGETS: Record<BudgetLevel, readonly [number, number]> = {
  basic: [200, 100],
  advanced: [300, 300],
  expert: [600, 600],
  premier: [1000, 1000],
  paragon: [2000, 2000],
  prime: [4000, 4000],
  prestige: [10000, 8000],
}

/** A usage level whose published budget a meter can apply. */
export type BudgetLevel =
  | 'basic'
  | 'advanced'
  | 'expert'
  | 'premier'
  | 'paragon'
  | 'prime'
  | 'prestige'

/** A budget in tokens per second, and the bucket sizes (default: one second's worth). */
export interface MeterBudget {
  /** Tokens per second for `GET`. */
  read: number
  /** Tokens per second for everything else. */
  write: number
  /** Tokens the read bucket holds. Default: one second's worth. */
  readBurst?: number
  /** Tokens the write bucket holds. Default: one second's worth. */
  writeBurst?: number
  /** Tokens a request costs. Default 10. */
  cost?: number
}

/** An account's metering: a level's budget by name, a budget, or `null` for none. */
export type MeterSetting = BudgetLevel | MeterBudget | null

/** An account's meter. */
export interface Meter {
  /** The budget applied, every default filled in. */
  readonly budget: Required<MeterBudget>
  /** Takes a request's tokens; `false`: answer 429. */
  admit(method: string): boolean
}

/** The answer to a request over budget, as the API gives it. */
export const TOO_MANY_REQUESTS = { error: 'too many requests' }

/**
 * A meter for an account's setting, or `undefined` for `null` (off).
 *
 * @example
 * ```ts
 * const meter = createMeter('basic')
 * meter?.admit('GET') // true until the read bucket is empty
 * ```
 */
export function createMeter(
  setting: MeterSetting,
  now: () => number = () => performance.now(),
): Meter | undefined {
  if (setting === null) return undefined
  const level = typeof setting === 'string' ? USAGE_LEVEL_BUDGETS[setting] : undefined
  if (typeof setting === 'string' && !level) throw new TypeError(`unknown usage level ${setting}`)
  const {
    read,
    write,
    readBurst = read,
    writeBurst = write,
    cost = 10,
  } = level ? { read: level[0], write: level[1] } : (setting as MeterBudget)
  const budget = { read, write, readBurst, writeBurst, cost }
  if (![read, write, readBurst, writeBurst, cost].every((n) => Number.isFinite(n) && n >= 0))
    throw new TypeError('rateLimit: { read, write, readBurst?, writeBurst?, cost? } numbers')
  const buckets = [bucket(read, readBurst, now), bucket(write, writeBurst, now)] as const
  return { budget, admit: (method) => buckets[+(method !== 'GET') as 0 | 1](cost) }
}

function bucket(perSecond: number, size: number, now: () => number): (cost: number) => boolean {
  let tokens = size
  let at = now()
  return (cost) => {
    const time = now()
    tokens = Math.min(size, tokens + ((time - at) * perSecond) / 1000)
    at = time
    if (tokens < cost) return false
    tokens -= cost
    return true
  }
}
