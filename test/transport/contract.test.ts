// The transport's contract, run against the source and every shipped file (test/support/builds.ts):
// query strings, timeouts and body deadlines, bounded answers, redirects, Retry-After, clock-skew
// correction and abort. Each build must give exactly the same results; the retry table is
// test/transport/faults.test.ts, run the same way.
import { describe, test } from 'vitest'
import type { ClientOptions } from '../../src/index.js'
import { builds } from '../support/builds.js'
import { type Account, FAKE_API_URL, newAccount } from '../support/fake.js'

const isBrowser = typeof window !== 'undefined'
const isWebKit =
  isBrowser && /AppleWebKit/.test(navigator.userAgent) && !/Chrome/.test(navigator.userAgent)

// Each test has an account of its own on the server: they run side by side.
describe.concurrent.each(builds)('$name', ({ load }) => {
  const clientFor = async (account: Account, options: ClientOptions = {}) =>
    (await load()).createClient({
      baseUrl: FAKE_API_URL,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
      ...options,
    })
  const lastUrl = async (account: Account) => (await account.traffic()).at(-1)?.url

  describe('query strings', () => {
    test('undefined values are left out, and no empty query is sent', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      const client = await clientFor(account)
      await client.request({
        method: 'GET',
        path: '/portfolio/balance',
        searchParams: { status: 'open', cursor: undefined, limit: 5, open: true },
      })
      expect(await lastUrl(account)).toBe(
        '/trade-api/v2/portfolio/balance?status=open&limit=5&open=true',
      )
      await client.getApiKeys({ fcm_subtrader_id: undefined })
      expect(await lastUrl(account)).toBe('/trade-api/v2/api_keys')
      await client.request({ method: 'GET', path: '/portfolio/balance', searchParams: {} })
      expect(await lastUrl(account)).toBe('/trade-api/v2/portfolio/balance')
    })

    test('an array repeats its key; URLSearchParams are sent as they are; values are encoded', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      const client = await clientFor(account)
      await client.request({
        method: 'GET',
        path: '/portfolio/balance',
        searchParams: { ticker: ['A-1', 'B 2'], empty: [], note: 'a&b=c' },
      })
      expect(await lastUrl(account)).toBe(
        '/trade-api/v2/portfolio/balance?ticker=A-1&ticker=B+2&note=a%26b%3Dc',
      )
      await client.request({
        method: 'GET',
        path: '/portfolio/balance',
        searchParams: new URLSearchParams([
          ['status', 'open'],
          ['status', 'closed'],
        ]),
      })
      expect(await lastUrl(account)).toBe(
        '/trade-api/v2/portfolio/balance?status=open&status=closed',
      )
      // The query is never signed: every one of these was accepted.
      expect((await account.traffic()).map((entry) => entry.auth)).toEqual(['valid', 'valid'])
    })

    test('a query value that is no string, number or boolean is refused, nothing sent', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      const client = await clientFor(account)
      const sneaky = { toString: () => 'changes every time' }
      for (const searchParams of [{ a: sneaky }, { a: [null] }, 'a=1'] as never[]) {
        await expect(
          client.request({ method: 'GET', path: '/portfolio/balance', searchParams }),
        ).rejects.toMatchObject({ name: 'KalshiValidationError', code: 'ERR_INVALID_REQUEST' })
      }
      expect(await account.traffic()).toHaveLength(0)
    })
  })

  // One at a time: a browser keeps a few connections per host, and stalled or hung requests of
  // tests side by side would hold them while a poll of the server waits for one.
  describe.sequential('timeouts, aborts and redirects', () => {
    test('an answer whose body stalls times out, and its connection is let go', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      await account.inject({ action: 'stall' })
      // The signal each request went out with: the SDK's part in letting the connection go.
      const signals: AbortSignal[] = []
      const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        const request = new Request(input, init)
        signals.push(request.signal)
        return globalThis.fetch(request)
      }
      const client = await clientFor(account, { timeout: 300, retry: 0, fetch })
      // A URL of its own (a browser could otherwise answer one GET with another's response).
      const call = client.request({
        method: 'GET',
        path: '/portfolio/balance',
        searchParams: { nonce: Math.random() },
      })
      // ky's timeout ends at the headers: without a deadline of its own this never settled.
      const outcome = await call.catch((error: unknown) => error)
      const traffic = await account.traffic()
      if (isBrowser && !(outcome instanceof Error)) {
        // A browser may replay a GET by itself when its first connection is let go (see the
        // README): then the first request was the stalled one, and the SDK sent one request.
        expect(traffic[0]?.fault).toBe('stall')
        expect(traffic.at(-1)?.status).toBe(200)
        return
      }
      expect(outcome).toMatchObject({ name: 'KalshiTimeoutError', code: 'ERR_TIMEOUT' })
      expect(signals.map((signal) => signal.aborted)).toEqual([true])
      // WebKitGTK (2.50) at times keeps a connection whose fetch was aborted in its body until the
      // server ends it; the other engines close it.
      if (isWebKit) return
      await expect
        .poll(async () => (await account.traffic())[0]?.aborted, { timeout: 10_000 })
        .toBe(true)
    })

    test('a per-call timeout replaces the client’s, for the headers and the body alike', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      await account.inject({ action: 'hang' }, { action: 'stall' })
      const client = await clientFor(account, { timeout: 60_000, retry: 0 })
      for (let i = 0; i < 2; i++) {
        const error = await client.getApiKeys(undefined, { timeout: 200 }).catch((e: unknown) => e)
        expect(error).toMatchObject({ name: 'KalshiTimeoutError', code: 'ERR_TIMEOUT' })
        expect(String(error)).toContain('GET /trade-api/v2/api_keys timed out after 200 ms')
      }
    })

    test('an abort rejects with the signal’s reason: before sending, nothing goes out; while waiting, the request is let go and not retried', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      const client = await clientFor(account)
      const reason = new Error('the user left')
      await expect(
        client.getApiKeys(undefined, { signal: AbortSignal.abort(reason) }),
      ).rejects.toBe(reason)
      expect(await account.traffic()).toHaveLength(0)

      await account.inject({ action: 'hang' })
      const controller = new AbortController()
      const pending = client.getApiKeys(undefined, { signal: controller.signal })
      await expect.poll(async () => (await account.traffic()).length, { timeout: 5_000 }).toBe(1)
      controller.abort(reason)
      await expect(pending).rejects.toBe(reason)
      await expect
        .poll(async () => (await account.traffic())[0]?.aborted, { timeout: 10_000 })
        .toBe(true)
      expect(await account.traffic()).toHaveLength(1)
    })

    test('a redirect is not followed: the signed request goes nowhere else', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      await account.inject({
        status: 302,
        headers: { location: '/trade-api/v2/api_keys?elsewhere' },
        body: '',
      })
      const error = await (await clientFor(account)).getApiKeys().catch((e: unknown) => e)
      // Node sees the 302; a browser, an opaque redirect with status 0.
      expect(error).toMatchObject({ name: 'KalshiApiError', status: isBrowser ? 0 : 302 })
      expect(await account.traffic()).toHaveLength(1)
    })
  })

  describe('answers', () => {
    test('a body whose UTF-8 characters are split across chunks reads exactly', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      const bytes = new TextEncoder().encode('{"name":"clé € 😀","n":1}')
      // Cut inside "é" (2 bytes), "€" (3) and "😀" (4): each chunk ends mid-character.
      const cuts = [12, 16, 20, bytes.length]
      const fetch: typeof globalThis.fetch = async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              cuts.reduce((from, to) => {
                controller.enqueue(bytes.slice(from, to))
                return to
              }, 0)
              controller.close()
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        )
      const client = await clientFor(account, { fetch })
      expect(await client.request({ method: 'GET', path: '/portfolio/balance' })).toEqual({
        name: 'clé € 😀',
        n: 1,
      })
    })
  })

  describe('Retry-After', () => {
    test('a 429 asking to wait more than a minute is reported at once, not waited out', async ({
      expect,
      onTestFinished,
    }) => {
      const account = await newAccount({}, { onTestFinished })
      await account.inject({
        status: 429,
        headers: { 'retry-after': '3600' },
        body: { error: 'too many requests' },
        times: 3,
      })
      await expect((await clientFor(account)).getApiKeys()).rejects.toMatchObject({
        status: 429,
        code: 'http_429',
      })
      expect(await account.traffic()).toHaveLength(1)
    })

    test('a 429 with a short Retry-After is retried', async ({ expect, onTestFinished }) => {
      const account = await newAccount({}, { onTestFinished })
      await account.inject({
        status: 429,
        headers: { 'retry-after': '0' },
        body: { error: 'too many requests' },
      })
      await (await clientFor(account)).getApiKeys()
      expect((await account.traffic()).map((entry) => entry.status)).toEqual([429, 200])
    })
  })

  test('errors are the build’s own classes, with the request in the message and no signature', async ({
    expect,
    onTestFinished,
  }) => {
    const sdk = await load()
    const account = await newAccount({}, { onTestFinished })
    await account.inject({ status: 404, body: { error: { code: 'not_found', message: 'gone' } } })
    const client = await clientFor(account)
    const error = await client.deleteApiKey('nope').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(sdk.KalshiApiError)
    expect(error).toBeInstanceOf(sdk.KalshiError)
    expect(sdk.isKalshiError(error)).toBe(true)
    expect(error).toMatchObject({
      status: 404,
      code: 'not_found',
      path: '/trade-api/v2/api_keys/nope',
    })
    const signature = (await account.traffic())[0]?.headers['kalshi-access-signature']
    expect(signature).toMatch(/^[\w+/]{40,}={0,2}$/)
    expect(JSON.stringify(error)).not.toContain(signature)
  })
})
