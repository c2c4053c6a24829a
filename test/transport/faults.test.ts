// Every fault the fake server can inject, against every method: what the call does, and exactly
// how many requests the server saw. The retry policy in one table, run against the source and
// every shipped file (test/support/builds.ts), which must all give the same results.
import { describe, test, vi } from 'vitest'
import { exportPublicKeyPem, generateKeyPair, type KalshiClient } from '../../src/index.js'
import { builds } from '../support/builds.js'
import { type Account, FAKE_API_URL, type Fault, newAccount } from '../support/fake.js'

const isBrowser = typeof window !== 'undefined'
const isWebKit =
  isBrowser && /AppleWebKit/.test(navigator.userAgent) && !/Chrome/.test(navigator.userAgent)
const publicKey = exportPublicKeyPem(await generateKeyPair())

type Method = 'GET' | 'POST' | 'DELETE'
const calls: Record<Method, (client: KalshiClient, account: Account) => Promise<unknown>> = {
  GET: (client) => client.getApiKeys(),
  POST: async (client) =>
    client.createApiKey({ name: `k${Math.random()}`, public_key: await publicKey }),
  DELETE: async (client, account) =>
    client.deleteApiKey((await account.addKey({ name: 'doomed' })).keyId),
}

const apiError = (status: number) => ({
  status,
  body: { error: { code: `e${status}`, message: 'injected' } },
})
const html = {
  status: 502,
  body: '<html><body>Bad gateway</body></html>',
  contentType: 'text/html',
}

// How far the account's server clock is off, and the client's correctClockSkew option.
type Clock = { serverAheadMs: number; correct?: boolean }
const everyMethod = (outcome: string, requests: number): Record<Method, [string, number]> => ({
  GET: [outcome, requests],
  POST: [outcome, requests],
  DELETE: [outcome, requests],
})

// [fault (or none), outcome per method: 'ok' or the error code, and the requests the server saw;
// the server's clock, if off]
type Row = [string, Fault | undefined, Record<Method, [string, number]>, Clock?]
const table: Row[] = [
  ['429 once', { ...apiError(429) }, { GET: ['ok', 2], POST: ['e429', 1], DELETE: ['ok', 2] }],
  [
    '429 without end',
    { ...apiError(429), times: 9 },
    { GET: ['e429', 3], POST: ['e429', 1], DELETE: ['e429', 3] },
  ],
  ['500 once', apiError(500), { GET: ['ok', 2], POST: ['e500', 1], DELETE: ['ok', 2] }],
  ['502 once, HTML', html, { GET: ['ok', 2], POST: ['http_502', 1], DELETE: ['ok', 2] }],
  ['503 once', apiError(503), { GET: ['ok', 2], POST: ['e503', 1], DELETE: ['ok', 2] }],
  [
    '504 without end',
    { ...apiError(504), times: 9 },
    { GET: ['e504', 3], POST: ['e504', 1], DELETE: ['e504', 3] },
  ],
  ['400', apiError(400), { GET: ['e400', 1], POST: ['e400', 1], DELETE: ['e400', 1] }],
  ['401', apiError(401), { GET: ['e401', 1], POST: ['e401', 1], DELETE: ['e401', 1] }],
  ['404', apiError(404), { GET: ['e404', 1], POST: ['e404', 1], DELETE: ['e404', 1] }],
  [
    'a dropped connection',
    { action: 'drop' },
    { GET: ['ok', 2], POST: ['ERR_NETWORK', 1], DELETE: ['ok', 2] },
  ],
  [
    'no answer at all',
    { action: 'hang' },
    { GET: ['ERR_TIMEOUT', 1], POST: ['ERR_TIMEOUT', 1], DELETE: ['ERR_TIMEOUT', 1] },
  ],
  [
    'a body that stalls',
    { action: 'stall' },
    // A DELETE's 2xx status is its whole answer: its body is not waited for.
    { GET: ['ERR_TIMEOUT', 1], POST: ['ERR_TIMEOUT', 1], DELETE: ['ok', 1] },
  ],
  [
    'a body cut short',
    { action: 'truncate' },
    { GET: ['ERR_NETWORK', 1], POST: ['ERR_NETWORK', 1], DELETE: ['ok', 1] },
  ],
  [
    'an HTML page with 200',
    { status: 200, body: '<html>Maintenance</html>', contentType: 'text/html' },
    {
      // Neither the API's nor a relay's answer (a dev server's fallback page where no relay is
      // mounted, a maintenance page): said so.
      GET: ['ERR_NO_RELAY', 1],
      POST: ['ERR_NO_RELAY', 1],
      // Any 2xx to a DELETE means deleted: its body is not read.
      DELETE: ['ok', 1],
    },
  ],
  [
    'a slow answer within the timeout',
    { delayMs: 100 },
    { GET: ['ok', 1], POST: ['ok', 1], DELETE: ['ok', 1] },
  ],
  [
    'a 5 MB string with 200',
    { status: 200, body: 'Maintenance! ', repeat: 400_000, contentType: 'text/plain' },
    { GET: ['ERR_INVALID_RESPONSE', 1], POST: ['ERR_INVALID_RESPONSE', 1], DELETE: ['ok', 1] },
  ],
  // The server refuses a timestamp before acting, so every method is sent once more, corrected.
  ['a server clock 70 s ahead', undefined, everyMethod('ok', 2), { serverAheadMs: 70_000 }],
  ['a server clock 70 s behind', undefined, everyMethod('ok', 2), { serverAheadMs: -70_000 }],
  [
    'a server clock 70 s ahead, correction off',
    undefined,
    everyMethod('header_timestamp_expired', 1),
    { serverAheadMs: 70_000, correct: false },
  ],
  [
    'a refused timestamp without a readable Date',
    {
      status: 401,
      headers: { date: 'not a date' },
      body: { error: { code: 'header_timestamp_expired', message: 'too far' } },
    },
    everyMethod('header_timestamp_expired', 1),
  ],
  [
    'a refused timestamp, then a server clock far off',
    {
      status: 401,
      times: 2,
      headers: { date: new Date(Date.now() + 3_600_000).toUTCString() },
      body: { error: { code: 'header_timestamp_expired', message: 'too far' } },
    },
    everyMethod('header_timestamp_expired', 2),
  ],
]

// Each test has an account of its own on the server: they run side by side.
describe.concurrent.each(builds)('$name', ({ load }) => {
  describe.each(table)('%s', (_, fault, expected, clock) => {
    test.for(Object.keys(expected) as Method[])(
      '%s',
      async (method, { expect, onTestFinished }) => {
        const [outcome, requests] = expected[method]
        // The key type is not what most rows are about: Ed25519 keys are made in no time. RSA for
        // the clock rows (a refused call re-signed), and in WebKitGTK, which now and then (about 1
        // in 700 here) refuses a valid Ed25519 key while many are imported at once.
        const keyType = isWebKit || clock ? 'rsa' : 'ed25519'
        const account = await newAccount({ keyType }, { onTestFinished })
        if (clock) await account.setClockOffset(clock.serverAheadMs)
        const fetch = vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
          globalThis.fetch(input, init),
        )
        const client = (await load()).createClient({
          baseUrl: FAKE_API_URL,
          // Short only where the row is about the timeout itself; elsewhere a loaded 2-core
          // machine running several tests at once must not make a healthy answer late.
          timeout: fault?.action === 'hang' || fault?.action === 'stall' ? 1_000 : 10_000,
          fetch,
          credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
          ...(clock?.correct === false && { correctClockSkew: false }),
        })
        // GET and POST share a path; a DELETE has its own, so it needs only the method.
        if (fault) {
          await account.inject({
            ...fault,
            method,
            ...(method !== 'DELETE' && { path: '/trade-api/v2/api_keys' }),
          })
        }
        const result = await calls[method](client, account).then(
          () => 'ok',
          (error: { code?: string }) => error.code ?? String(error),
        )
        // A request the SDK gave up on (hung, stalled) may reach the server's log a moment after
        // the call settled, on a loaded machine: wait for it before counting. In a browser it may
        // never get there: past its per-host connection limit (6) a browser queues requests, and
        // with rows in flight whose connections hung answers hold open, an attempt can time out
        // in that queue. What the SDK did is its `fetch` count, held exact below.
        const held = fault?.action === 'hang' || fault?.action === 'stall'
        if (held && !isBrowser)
          await expect.poll(async () => (await account.traffic()).length).toBeGreaterThan(0)
        const seen = (await account.traffic()).length
        // Chromium re-sends a request by itself when a reused connection drops before any answer
        // (see the README); the SDK's own count is what this table is about.
        const browserReplay = isBrowser && fault?.action === 'drop'
        if (browserReplay) {
          // A browser may replay the dropped request itself and still report the drop to the SDK,
          // which then retries a GET or DELETE once more (WebKit, now and then): a GET still
          // succeeds, a DELETE may find its key already gone (the documented 404 of a DELETE whose
          // answer was lost), a POST succeeds or fails but is never sent by the SDK twice.
          const allowed = { GET: ['ok'], POST: ['ok', 'ERR_NETWORK'], DELETE: ['ok', 'not_found'] }
          expect(allowed[method]).toContain(result)
          expect(seen).toBeLessThanOrEqual(method === 'POST' ? 2 : 3)
        } else {
          expect(result).toBe(outcome)
          if (held && isBrowser) expect(seen).toBeLessThanOrEqual(requests)
          else expect(seen).toBe(requests)
        }
        // What the SDK itself sent. A browser's replay may stand in for the SDK's own retry of a
        // GET or DELETE; a POST, the SDK sends exactly once.
        if (!browserReplay) expect(fetch).toHaveBeenCalledTimes(requests)
        else if (method === 'POST') expect(fetch).toHaveBeenCalledTimes(1)
        else expect(fetch.mock.calls.length).toBeLessThanOrEqual(requests)
      },
    )
  })
})
