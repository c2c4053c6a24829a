// @ts-check
// Rate limits (src/rate-limit.ts) against the fake server metering an account as Kalshi does
// (src/testing/meter.ts): a burst of 500 GETs with and without `rateLimit`, the client set to
// the account's budget, then to twice it (the 429s slow it down); and what pacing costs a call
// that is under budget.
import { median } from './cases.mjs'

const CALLS = 500
const seconds = (/** @type {number} */ ms) => (ms / 1000).toFixed(2)
const COST = 10

/**
 * @param {{ sdk: typeof import('../src/index.js'), apiUrl: string, controlUrl: string, quick: boolean }} setup
 * @returns {Promise<import('./cases.mjs').Result[]>}
 */
export async function rateLimitCases({ sdk, apiUrl, controlUrl, quick }) {
  /** @param {string} path @param {unknown} [body] */
  const control = async (path, body) => {
    const response = await fetch(`${controlUrl}/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body !== undefined && { body: JSON.stringify(body) }),
    })
    return response.json()
  }
  // Premier: 1,000 read tokens a second, 1,000 at once: 100 calls at once, then 100 a second.
  const level = 'premier'
  const [read, burst] = [1000, 1000]
  const ideal = ((CALLS * COST - burst) / read) * 1000 // ms
  /** @param {import('../src/index.js').ClientOptions} options */
  const run = async (options) => {
    const account = await control('accounts', { rateLimit: level, keyType: 'ed25519' })
    const client = sdk.createClient({
      baseUrl: apiUrl,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
      timeout: 60_000,
      ...options,
    })
    const start = performance.now()
    const wall = Date.now()
    const outcomes = await Promise.all(
      Array.from({ length: CALLS }, () =>
        client.getApiKeys().then(
          () => true,
          () => false,
        ),
      ),
    )
    const ms = performance.now() - start
    /** @type {{ status?: number, receivedAt: number }[]} */
    const traffic = await control(`accounts/${account.accountId}/traffic`)
    // The server's clock (Date.now, another process): when the first and last calls reached it.
    const times = traffic.map((entry) => entry.receivedAt)
    const first = Math.min(...times)
    return {
      ms,
      untilFirst: first - wall,
      span: Math.max(...times) - first,
      failed: outcomes.filter((ok) => !ok).length,
      tooMany: traffic.filter((entry) => entry.status === 429).length,
      sent: traffic.length,
    }
  }
  const paced = await run({ rateLimit: level })
  const unpaced = await run({})
  // Set to twice the account's budget: the 429s that reach the API halve the rate, and it creeps back.
  const overPaced = await run({ rateLimit: 'paragon' })
  // The same, blind to the 429s (they reach the client as 503s, retried alike): no slowing down.
  const blind = await run({
    rateLimit: 'paragon',
    fetch: async (input, init) => {
      const response = await fetch(input, init)
      return response.status === 429
        ? new Response(response.body, { status: 503, headers: response.headers })
        : response
    },
  })
  const count = (/** @type {string} */ name, /** @type {number} */ n, goal = 0) => ({
    name,
    unit: 'count',
    ours: n,
    base: 0,
    baseName: '',
    ratio: n,
    goal,
    higherIsBetter: false,
    pass: n <= goal,
  })
  const note = (/** @type {Awaited<ReturnType<typeof run>>} */ r) =>
    `${r.sent} sent, ${r.tooMany} answered 429, ${r.failed} failed, ${seconds(r.ms)} s (the first call reached the server after ${seconds(r.untilFirst)} s, the last ${seconds(r.span)} s later)`
  return [
    { ...count(`${CALLS} GETs with rateLimit: 429s`, paced.tooMany), baseName: note(paced) },
    // The pacing's own cost: from the first call reaching the server to the last, against the
    // budget's ideal (the burst at once, then the rate). Before the first arrives, the SDK starts
    // 500 calls at once, paced or not (see the line without rateLimit).
    {
      name: `${CALLS} GETs with rateLimit: span / ideal`,
      unit: 'first to last arrival',
      ours: paced.span,
      base: ideal,
      baseName: 'ideal',
      ratio: paced.span / ideal,
      goal: 1.1,
      higherIsBetter: false,
      pass: paced.span / ideal <= 1.1,
    },
    {
      name: `${CALLS} GETs with rateLimit: total time`,
      unit: 's',
      ours: paced.ms,
      base: ideal,
      baseName: `${(paced.ms / ideal).toFixed(2)}× the ideal ${seconds(ideal)} s, from the first call made`,
      ratio: paced.ms / ideal,
      goal: Number.POSITIVE_INFINITY,
      higherIsBetter: false,
      pass: true,
    },
    {
      ...count(`${CALLS} GETs without rateLimit: 429s`, unpaced.tooMany, Number.POSITIVE_INFINITY),
      baseName: note(unpaced),
    },
    {
      ...count(
        `${CALLS} GETs, rateLimit 2× the budget: 429s`,
        overPaced.tooMany,
        Number.POSITIVE_INFINITY,
      ),
      baseName: note(overPaced),
    },
    {
      ...count(
        `${CALLS} GETs, 2× the budget, 429s unheeded: 429s`,
        blind.tooMany,
        Number.POSITIVE_INFINITY,
      ),
      baseName: note(blind),
    },
    await costCase(quick),
  ]
}

/**
 * What pacing adds to a call under budget: the pacer's own path (the bucket looked up for the key,
 * tokens taken), timed over many calls, in µs per call.
 * @param {boolean} quick
 * @returns {Promise<import('./cases.mjs').Result>}
 */
async function costCase(quick) {
  // The built file, as the package runs it (by a path the type checker does not follow).
  const built = '../dist/rate-limit.js'
  /** @type {typeof import('../src/rate-limit.js')} */
  const { createPacer } = await import(built)
  // A budget no burst reaches: every call goes at once.
  const pacer = /** @type {import('../src/rate-limit.js').Pacer} */ (
    createPacer({ read: 1e15, write: 1e15 }, 'https://example.test/trade-api/v2')
  )
  const signal = new AbortController().signal
  const n = quick ? 100_000 : 1_000_000
  /** @type {number[]} */
  const samples = []
  for (let round = 0; round < 7; round++) {
    const start = performance.now()
    for (let i = 0; i < n; i++) {
      const path = '/trade-api/v2/api_keys'
      // What the transport does per attempt: the bucket, and the wait that is not one.
      await pacer('a952bcbe-ec3b-4b5b-b8f9-11dae589608c')[0]?.wait(
        COST,
        signal,
        10_000,
        `GET ${path}`,
      )
    }
    samples.push(((performance.now() - start) / n) * 1000)
  }
  const us = median(samples)
  return {
    name: 'pacing cost per call, under budget',
    unit: 'µs',
    ours: us,
    base: 5,
    baseName: 'goal',
    ratio: us,
    goal: 5,
    higherIsBetter: false,
    pass: us <= 5,
  }
}
