// Pacing inside Kalshi's rate limits: a token bucket for reads (`GET`) and one for writes per API
// key, a first-come-first-served queue of the calls that wait for tokens, and a bucket that slows
// down (halves, then creeps back) when a 429 still reaches the API. The transport waits here
// before it signs, so a signature's timestamp is that of the moment the call goes.
import { KalshiRateLimitError, KalshiTimeoutError } from './errors.js'

/** A Kalshi API usage level: `GET /account/limits` says which one an account has. */
export type UsageLevel =
  | 'basic'
  | 'advanced'
  | 'expert'
  | 'premier'
  | 'paragon'
  | 'prime'
  | 'prestige'

/** The published budgets of Kalshi's API usage levels (docs, 2026), tokens per second: read, write. */
const LEVELS: Record<UsageLevel, readonly [read: number, write: number]> = {
  basic: [200, 100],
  advanced: [300, 300],
  expert: [600, 600],
  premier: [1000, 1000],
  paragon: [2000, 2000],
  prime: [4000, 4000],
  prestige: [10000, 8000],
}

/** A budget of one's own: tokens per second, for example Kalshi's numbers raised by 20 %. */
export interface RateLimitOptions {
  /** Tokens per second for reads (`GET`). */
  read: number
  /** Tokens per second for writes (`POST`, `PUT`, `DELETE`). */
  write: number
  /** Tokens the read bucket holds, what may go at once after a quiet spell. Default: one second's worth. */
  readBurst?: number
  /** Tokens the write bucket holds. Default: one second's worth. */
  writeBurst?: number
  /**
   * Calls that may wait for tokens per bucket; one more rejects at once with `ERR_RATE_LIMITED`.
   * Default 1,000: far more than a page's burst (dozens of calls), few enough to bound the memory
   * of a runaway loop; how long a call waits is bounded by its `timeout` anyway.
   */
  maxQueue?: number
}

/** What `createClient({ rateLimit })` takes: a usage level by name, or a budget. */
export type RateLimit = UsageLevel | RateLimitOptions

/** What most calls cost, in tokens. */
export const DEFAULT_COST = 10

/** One token bucket and the calls waiting on it, first come first served. */
export interface Bucket {
  /** The bucket's clock, ms. */
  now(): number
  /** Takes `cost` tokens if they are there (0), or says in how many ms they will be (none taken). */
  take(cost: number): number
  /**
   * Resolves when the call may go; `undefined` when it may go now. Rejects with the signal's
   * reason on abort, `ERR_TIMEOUT` after `ms`, and at once with `ERR_RATE_LIMITED` when
   * `maxQueue` calls wait already or the call costs more than the bucket holds.
   */
  wait(cost: number, signal: AbortSignal, ms: number, what: string): Promise<void> | undefined
  /**
   * A call sent at `sentAt` got its answer (or none, `tooMany` false): a refill held back resumes;
   * a 429 means the server's bucket is empty and ours too generous, so it slows down.
   */
  answered(sentAt: number, tooMany: boolean): void
}

/**
 * A token bucket of `perSecond` tokens a second holding `size`, full at first. Tokens are counted
 * in fractions and refilled from the clock when looked at: no timer runs while nobody waits.
 *
 * A call that leaves it full holds its refill back until an answer comes (at most `lag` ms): the
 * API's bucket, full too, loses its refill until that call gets there, and a bucket that refilled
 * meanwhile would send too much (a burst of hundreds of calls may take a while to leave).
 *
 * @example
 * ```ts
 * const reads = createBucket(1000, 1000, 1000)
 * await reads.wait(10, signal, 10_000, 'GET /trade-api/v2/api_keys')
 * ```
 */
export function createBucket(
  perSecond: number,
  size: number,
  maxQueue: number,
  now: () => number = () => performance.now(),
  lag = 1000,
): Bucket {
  const budget = perSecond / 1000 // tokens per ms
  let rate = budget // less than the budget for a while after a 429
  let tokens = size
  let at = now()
  // When the rate was last cut: 429s to calls sent before then are of the same excess.
  let cut = -1
  let timer: ReturnType<typeof setTimeout> | undefined
  const queue: { cost: number; go: () => void }[] = []
  const take = (cost: number) => {
    const time = now()
    const elapsed = Math.max(0, time - at)
    // Additive increase: after a cut, back by a tenth of the budget each second.
    rate = Math.min(budget, rate + (elapsed * budget) / 10_000)
    tokens = Math.min(size, tokens + elapsed * rate)
    at = Math.max(at, time)
    if (cost > tokens) return at - time + (cost - tokens) / rate
    if (tokens === size) at = time + lag
    tokens -= cost
    return 0
  }
  const pump = (): void => {
    clearTimeout(timer)
    for (let head = queue[0]; head; head = queue[0]) {
      const ms = take(head.cost)
      if (ms) {
        timer = setTimeout(pump, ms)
        return
      }
      queue.shift()
      head.go()
    }
  }
  return {
    now,
    take,
    wait(cost, signal, ms, what) {
      if (!queue.length && !take(cost)) return
      if (cost > size || queue.length >= maxQueue)
        throw new KalshiRateLimitError(
          'ERR_RATE_LIMITED',
          `${what}: ${cost > size ? `costs more than the ${size} tokens its bucket holds` : `${maxQueue} calls wait for tokens already`}`,
        )
      // Not throwIfAborted: Chrome 93-99 and Firefox 92-96, supported here, lack it.
      if (signal.aborted) throw signal.reason
      return new Promise((resolve, reject) => {
        const leave = (error?: unknown) => {
          clearTimeout(deadline)
          signal.removeEventListener('abort', aborted)
          error ? reject(error) : resolve()
          // Gone while waiting (its turn came: the pump took it off already).
          const index = queue.indexOf(waiter)
          if (index < 0) return
          queue.splice(index, 1)
          // The head left: the next one may fit now, or sooner.
          if (!index) pump()
        }
        const aborted = () => leave(signal.reason)
        const waiter = { cost, go: leave }
        const deadline = setTimeout(
          () =>
            leave(new KalshiTimeoutError(`${what} timed out after ${ms} ms waiting for tokens`)),
          ms,
        )
        signal.addEventListener('abort', aborted)
        if (queue.push(waiter) === 1) pump()
      })
    },
    answered(sentAt, tooMany) {
      at = Math.min(at, now())
      if (!tooMany || sentAt < cut) return
      take(0)
      cut = now()
      // Multiplicative decrease, down to a sixteenth of the budget; the server's bucket is empty.
      rate = Math.max(rate / 2, budget / 16)
      tokens = Math.min(tokens, 0)
    },
  }
}

/** The read and write buckets of one key, by index: 0 reads, 1 writes. */
export type Buckets = readonly [read: Bucket, write: Bucket]

/** The buckets a client draws from, for the key it signs with. */
export type Pacer = (keyId: string) => Buckets

// Buckets by key, base URL and budget, shared by the clients of one page (a realm): held weakly,
// so they go when no client holds them.
const shared = new Map<string, WeakRef<Buckets>>()

/**
 * The pacer of one client, or `undefined` without `rateLimit`.
 *
 * @throws {TypeError} for an unknown usage level or a budget that is not positive numbers.
 * @example
 * ```ts
 * const pacer = createPacer('premier', 'https://external-api.kalshi.com/trade-api/v2')
 * await pacer?.(keyId)[0].wait(10, signal, 10_000, 'GET /trade-api/v2/api_keys')
 * ```
 */
export function createPacer(rateLimit: RateLimit | undefined, baseUrl: string): Pacer | undefined {
  if (rateLimit === undefined) return undefined
  // A level's name reads as no budget of its own (a string has none of these fields).
  const [r, w] =
    (typeof rateLimit === 'string' && Object.hasOwn(LEVELS, rateLimit) && LEVELS[rateLimit]) || []
  const {
    read = r,
    write = w,
    readBurst = read,
    writeBurst = write,
    maxQueue = 1000,
  }: Partial<RateLimitOptions> = Object(rateLimit)
  const numbers = [read, write, readBurst, writeBurst] as number[]
  if (
    !numbers.every((n) => Number.isFinite(n) && n > 0) ||
    !(Number.isInteger(maxQueue) && maxQueue >= 0)
  )
    throw new TypeError(
      'rateLimit must be a usage level such as "premier", or { read, write } tokens per second',
    )
  let last: [string, Buckets] | undefined
  return (keyId) => {
    if (last?.[0] === keyId) return last[1]
    const id = [keyId, baseUrl, ...numbers, maxQueue].join(' ')
    let buckets = shared.get(id)?.deref()
    if (!buckets) {
      for (const [other, ref] of shared) if (!ref.deref()) shared.delete(other)
      buckets = [
        createBucket(read as number, readBurst as number, maxQueue),
        createBucket(write as number, writeBurst as number, maxQueue),
      ]
      shared.set(id, new WeakRef(buckets))
    }
    last = [keyId, buckets]
    return buckets
  }
}
