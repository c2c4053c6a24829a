// @ts-check
// Rate limits as Kalshi meters them: per account, a token bucket for reads (GET) and one for writes,
// refilled continuously, full at first, each request costing 10 tokens; over budget, 429
// `{"error":"too many requests"}` with no Retry-After and no rate-limit headers. Off unless an
// account asks for it (`rateLimit` in its settings), so no other test ever sees a 429 from here.

/** Published budgets (docs, 2026), tokens per second: [read, write]. */
export const USAGE_LEVEL_BUDGETS = {
  basic: [200, 100],
  advanced: [300, 300],
  expert: [600, 600],
  premier: [1000, 1000],
  paragon: [2000, 2000],
  prime: [4000, 4000],
  prestige: [10000, 8000],
}

/**
 * @typedef {keyof typeof USAGE_LEVEL_BUDGETS} BudgetLevel
 * @typedef {object} MeterBudget
 * @property {number} read Tokens per second for GET.
 * @property {number} write Tokens per second for everything else.
 * @property {number} [readBurst] Tokens the read bucket holds. Default: one second's worth.
 * @property {number} [writeBurst] Tokens the write bucket holds. Default: one second's worth.
 * @property {number} [cost] Tokens a request costs. Default 10.
 * @typedef {BudgetLevel | MeterBudget | null} MeterSetting `null` turns metering off.
 *
 * @typedef {object} Meter
 * @property {MeterBudget & { readBurst: number, writeBurst: number, cost: number }} budget
 * @property {(method: string) => boolean} admit Takes a request's tokens; `false`: answer 429.
 */

/** The answer to a request over budget, as the API gives it. */
export const TOO_MANY_REQUESTS = { error: 'too many requests' }

/**
 * A meter for an account's setting, or `undefined` for `null` (off).
 * @param {MeterSetting} setting
 * @param {() => number} [now] ms
 * @returns {Meter | undefined}
 */
export function createMeter(setting, now = () => performance.now()) {
  if (setting === null) return undefined
  const levels = /** @type {Record<string, number[]>} */ (USAGE_LEVEL_BUDGETS)
  const level = typeof setting === 'string' ? levels[setting] : undefined
  if (typeof setting === 'string' && !level) throw new TypeError(`unknown usage level ${setting}`)
  const {
    read,
    write,
    readBurst = read,
    writeBurst = write,
    cost = 10,
  } = /** @type {MeterBudget} */ (level ? { read: level[0], write: level[1] } : setting)
  const budget = { read, write, readBurst, writeBurst, cost }
  if (![read, write, readBurst, writeBurst, cost].every((n) => Number.isFinite(n) && n >= 0))
    throw new TypeError('rateLimit: { read, write, readBurst?, writeBurst?, cost? } numbers')
  const buckets = [bucket(read, readBurst, now), bucket(write, writeBurst, now)]
  return {
    budget,
    admit: (method) => /** @type {Bucket} */ (buckets[+(method !== 'GET')])(cost),
  }
}

/** @typedef {(cost: number) => boolean} Bucket */

/**
 * @param {number} perSecond
 * @param {number} size
 * @param {() => number} now
 * @returns {Bucket}
 */
function bucket(perSecond, size, now) {
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
