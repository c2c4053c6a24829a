// Pacing inside the rate limits (src/rate-limit.ts): the bucket's arithmetic on an injected clock,
// its queue on the real one, and the client against the fake server metering an account as Kalshi
// does (src/testing/meter.ts). Real timing, never asserted: only orders, counts and outcomes.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { type ClientOptions, createClient, isKalshiError, KalshiApiError } from '../../src/index.js'
import { createBucket } from '../../src/rate-limit.js'
import { type Account, FAKE_API_URL, newAccount } from '../support/fake.js'

const clientFor = (account: Account, options: ClientOptions = {}) =>
  createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    ...options,
  })

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: unknown) => (isKalshiError(error) ? error.code : String(error)),
  )

/** A clock the test moves by hand. */
const manualClock = () => {
  let time = 0
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms
    },
  }
}

describe('the bucket, on an injected clock', () => {
  test('what it lets through in any window never exceeds burst + rate × its length, and a wait it names is enough', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom(0, 100),
        fc.array(
          fc.record({
            ms: fc.double({ min: 0, max: 2_000, noNaN: true }),
            cost: fc.integer({ min: 0, max: 100 }),
            waitIfShort: fc.boolean(),
          }),
          { maxLength: 200 },
        ),
        (perSecond, size, lag, steps) => {
          const clock = manualClock()
          const bucket = createBucket(perSecond, size, 10, clock.now, lag)
          // What went through, and when: in no window [s, t] more than burst + rate × (t - s).
          const taken: [time: number, cost: number][] = []
          for (const { ms, cost: asked, waitIfShort } of steps) {
            const cost = Math.min(asked, size)
            clock.advance(ms)
            let wait = bucket.take(cost)
            if (wait > 0 && waitIfShort) {
              clock.advance(wait * (1 + 1e-9) + 1e-9)
              wait = bucket.take(cost)
              expect(wait).toBe(0) // the wait it named was enough
            }
            if (wait > 0) continue
            const now = clock.now()
            taken.push([now, cost])
            let sum = 0
            for (let i = taken.length - 1; i >= 0; i--) {
              const [since, spent] = taken[i] as [number, number]
              sum += spent
              expect(sum).toBeLessThanOrEqual(size + (perSecond * (now - since)) / 1000 + 1e-6)
            }
          }
        },
      ),
    )
  })

  test('a 429 empties it and halves its rate, once per round trip; it then creeps back', () => {
    const clock = manualClock()
    const bucket = createBucket(1000, 1000, 10, clock.now, 0)
    expect(bucket.take(1000)).toBe(0)
    const before = bucket.take(100) // 100 tokens at 1 per ms
    expect(before).toBeCloseTo(100)
    bucket.answered(clock.now(), true)
    // Empty, and half the rate: 100 tokens now take twice as long.
    expect(bucket.take(100)).toBeCloseTo(200)
    // A 429 to a call sent before the cut is the same excess: no second cut.
    bucket.answered(clock.now() - 1, true)
    expect(bucket.take(100)).toBeCloseTo(200)
    clock.advance(1)
    bucket.answered(clock.now(), true)
    expect(bucket.take(100)).toBeGreaterThan(350)
    // Additive increase: after a long quiet spell, back to the budget (and full).
    clock.advance(60_000)
    expect(bucket.take(1000)).toBe(0)
    expect(bucket.take(100)).toBeCloseTo(100)
  })

  test('a call that leaves it full holds its refill back until an answer comes, at most the lag', () => {
    const clock = manualClock()
    const bucket = createBucket(1000, 1000, 10, clock.now, 1000)
    expect(bucket.take(500)).toBe(0)
    clock.advance(50)
    // No refill while the first call travels: 500 tokens left, 100 more come 100 ms after the answer.
    expect(bucket.take(600)).toBeGreaterThan(1000)
    bucket.answered(clock.now() - 50, false)
    expect(bucket.take(600)).toBeCloseTo(100)
    clock.advance(100)
    expect(bucket.take(600)).toBe(0)
    // With no answer at all, the refill resumes after the lag.
    clock.advance(10_000)
    expect(bucket.take(1000)).toBe(0)
    clock.advance(1500) // the lag, then 500 ms of refill
    expect(bucket.take(600)).toBeCloseTo(100)
    clock.advance(100)
    expect(bucket.take(600)).toBe(0)
  })
})

describe('the queue, on the real clock', () => {
  test('first come, first served: a cheap call does not overtake a dear one', async () => {
    const bucket = createBucket(1000, 30, 10, undefined, 0)
    // 10 tokens left: enough for the cheap call, not for the dear one before it.
    expect(bucket.take(20)).toBe(0)
    const order: string[] = []
    const signal = new AbortController().signal
    const all = Promise.all([
      bucket.wait(30, signal, 5_000, 'dear')?.then(() => order.push('dear')),
      bucket.wait(1, signal, 5_000, 'cheap')?.then(() => order.push('cheap')),
      bucket.wait(5, signal, 5_000, 'third')?.then(() => order.push('third')),
    ])
    // Busy for 100 ms: when the timer fires, all three fit at once, and still go in order.
    for (const until = performance.now() + 100; performance.now() < until; );
    await all
    expect(order).toEqual(['dear', 'cheap', 'third'])
  })

  test('a waiting call that is aborted or times out leaves, and the next moves up', async () => {
    const bucket = createBucket(100, 10, 10)
    expect(bucket.take(10)).toBe(0)
    const controller = new AbortController()
    const reason = new Error('user left')
    const first = bucket.wait(10, controller.signal, 60_000, 'first')
    const second = bucket.wait(10, new AbortController().signal, 1, 'second')
    const third = bucket.wait(10, new AbortController().signal, 60_000, 'third')
    controller.abort(reason)
    await expect(first).rejects.toBe(reason)
    expect(await codeOf(second as Promise<void>)).toBe('ERR_TIMEOUT')
    await expect(third).resolves.toBeUndefined()
  })
})

describe('createClient({ rateLimit })', () => {
  test('bad budgets and costs are TypeErrors', async ({ onTestFinished }) => {
    const account = await newAccount({}, { onTestFinished })
    for (const rateLimit of [
      'gold',
      { read: 100 },
      { read: -1, write: 1 },
      { read: '5', write: 5 },
    ])
      expect(() => clientFor(account, { rateLimit: rateLimit as never })).toThrow(TypeError)
    const client = clientFor(account, { rateLimit: 'basic' })
    await expect(client.getApiKeys({}, { cost: -1 })).rejects.toThrow(TypeError)
  })

  test('a call that waits longer than its timeout rejects with ERR_TIMEOUT, unsent', async ({
    onTestFinished,
  }) => {
    const account = await newAccount({}, { onTestFinished })
    // One call a second, one at a time.
    const client = clientFor(account, { rateLimit: { read: 10, write: 10 } })
    await client.getApiKeys()
    const late = client.getApiKeys({}, { timeout: 50 })
    await expect(late).rejects.toThrow(/waiting for tokens/)
    expect(await codeOf(late)).toBe('ERR_TIMEOUT')
    expect(await account.traffic()).toHaveLength(1)
  })

  test('a waiting call honours its signal; a full queue rejects at once with ERR_RATE_LIMITED', async ({
    onTestFinished,
  }) => {
    const account = await newAccount({}, { onTestFinished })
    const client = clientFor(account, { rateLimit: { read: 10, write: 10, maxQueue: 1 } })
    await client.getApiKeys()
    const controller = new AbortController()
    const waiting = client.getApiKeys({}, { signal: controller.signal })
    expect(await codeOf(client.getApiKeys())).toBe('ERR_RATE_LIMITED')
    // A call that costs more than the bucket holds could never go.
    expect(await codeOf(client.getApiKeys({}, { cost: 11 }))).toBe('ERR_RATE_LIMITED')
    const reason = new Error('navigated away')
    controller.abort(reason)
    await expect(waiting).rejects.toBe(reason)
    expect(await account.traffic()).toHaveLength(1)
    // Reads and writes have buckets of their own: a write goes while reads are spent.
    await client.request(
      { method: 'POST', path: '/portfolio/orders', json: { ticker: 'X' } },
      { timeout: 500 },
    )
  })

  test('clients of one key share its buckets; another key has its own', async ({
    onTestFinished,
  }) => {
    const account = await newAccount({}, { onTestFinished })
    const other = await newAccount({}, { onTestFinished })
    const rateLimit = { read: 10, write: 10 }
    await clientFor(account, { rateLimit }).getApiKeys()
    // The second client of the key finds its bucket spent by the first.
    expect(await codeOf(clientFor(account, { rateLimit }).getApiKeys({}, { timeout: 50 }))).toBe(
      'ERR_TIMEOUT',
    )
    expect(await codeOf(clientFor(other, { rateLimit }).getApiKeys({}, { timeout: 500 }))).toBe(
      'ok',
    )
  })

  test('a 429 that still reaches the API empties and slows the bucket', async ({
    onTestFinished,
  }) => {
    const account = await newAccount({}, { onTestFinished })
    const rateLimit = { read: 1000, write: 1000 }
    const client = clientFor(account, { rateLimit, retry: 0 })
    await account.inject({ method: 'GET', status: 429, body: { error: 'too many requests' } })
    expect(await codeOf(client.getApiKeys())).toBe('http_429')
    // A full bucket's worth now takes two seconds (empty, half the rate): the call times out.
    expect(await codeOf(client.getApiKeys({}, { cost: 1000, timeout: 300 }))).toBe('ERR_TIMEOUT')
    // Without the 429, the same call goes at once.
    const fresh = await newAccount({}, { onTestFinished })
    const calm = clientFor(fresh, { rateLimit, retry: 0 })
    expect(await codeOf(calm.getApiKeys({}, { cost: 1000, timeout: 300 }))).toBe('ok')
  })

  test('the first answer of a burst from a full bucket lets its refill resume', async ({
    onTestFinished,
  }) => {
    const account = await newAccount({}, { onTestFinished })
    const client = clientFor(account, { rateLimit: { read: 100, write: 100 } })
    await client.getApiKeys() // 90 tokens left, the refill held back until this answer came
    // 10 more tokens come 100 ms after that answer; held back for the whole second, they would not
    // come within the timeout.
    expect(await codeOf(client.getApiKeys({}, { cost: 100, timeout: 600 }))).toBe('ok')
  })

  test('a 429 to a POST is never retried; to a GET it is', async ({ onTestFinished }) => {
    const account = await newAccount({}, { onTestFinished })
    const client = clientFor(account, { rateLimit: 'premier', retry: 2 })
    const tooMany = { status: 429, body: { error: 'too many requests' }, times: 3 }
    await account.inject({ method: 'POST', ...tooMany })
    const post = client.request({
      method: 'POST',
      path: '/portfolio/orders',
      json: { ticker: 'X' },
    })
    await expect(post).rejects.toBeInstanceOf(KalshiApiError)
    await expect(post).rejects.toMatchObject({ status: 429 })
    expect((await account.traffic()).filter((entry) => entry.method === 'POST')).toHaveLength(1)
    await account.inject({ method: 'GET', ...tooMany, times: 1 })
    await client.getApiKeys()
    expect((await account.traffic()).filter((entry) => entry.method === 'GET')).toHaveLength(2)
  })

  test('the fake server meters reads and writes apart, answers as the API does, and stops when told', async ({
    onTestFinished,
  }) => {
    // One read at once; writes plenty.
    const account = await newAccount({ rateLimit: { read: 10, write: 1000 } }, { onTestFinished })
    const client = clientFor(account, { retry: 0 })
    await client.getApiKeys()
    const refused = client.getApiKeys()
    await expect(refused).rejects.toMatchObject({ status: 429, code: 'http_429' })
    await expect(refused).rejects.toThrow(/too many requests/)
    await client.request({ method: 'POST', path: '/portfolio/orders', json: { ticker: 'X' } })
    await account.configure({ rateLimit: null })
    await client.getApiKeys()
    expect((await account.traffic()).map((entry) => entry.status)).toEqual([200, 429, 201, 200])
  })

  test('a burst against the metered fake server: no 429 with rateLimit, some without', async ({
    onTestFinished,
  }) => {
    // 10 calls a second, 10 at once; 30 calls: 20 must wait two seconds. Unpaced, they all come
    // within a fraction of that (even six at a time, as Chromium sends them to one host).
    const budget = { read: 100, write: 100 }
    const burst = async (options: ClientOptions) => {
      const account = await newAccount({ rateLimit: budget }, { onTestFinished })
      const client = clientFor(account, { retry: 0, ...options })
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, () => codeOf(client.getApiKeys())),
      )
      const statuses = (await account.traffic()).map((entry) => entry.status)
      return { outcomes, tooMany: statuses.filter((status) => status === 429).length }
    }
    const paced = await burst({ rateLimit: budget })
    expect(paced.tooMany).toBe(0)
    expect(paced.outcomes.every((outcome) => outcome === 'ok')).toBe(true)
    const unpaced = await burst({})
    expect(unpaced.tooMany).toBeGreaterThan(0)
    expect(unpaced.outcomes).toContain('http_429')
  })
})
