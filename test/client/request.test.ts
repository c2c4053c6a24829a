// client.request: any Trade API endpoint through the same transport as the key operations.
import * as v from 'valibot'
import { describe, expect, expectTypeOf, test } from 'vitest'
import {
  createClient,
  KalshiApiError,
  KalshiValidationError,
  type StandardSchemaV1,
} from '../../src/index.js'
import { type Account, FAKE_API_URL, newAccount } from '../support/fake.js'

const clientOf = (account: Account, options: { correctClockSkew?: boolean } = {}) =>
  createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    ...options,
  })

const Balance = v.object({ balance: v.number(), portfolio_value: v.number() })

describe('client.request', () => {
  test('a signed GET on a portfolio endpoint, checked and typed by a valibot schema', async () => {
    const account = await newAccount()
    const balance = await clientOf(account).request({
      method: 'GET',
      path: '/portfolio/balance',
      schema: Balance,
    })
    expectTypeOf(balance).toEqualTypeOf<{ balance: number; portfolio_value: number }>()
    expect(balance).toEqual({ balance: 10_000, portfolio_value: 2_500 })
    const [entry] = await account.traffic()
    expect([entry?.method, entry?.url, entry?.auth]).toEqual([
      'GET',
      '/trade-api/v2/portfolio/balance',
      'valid',
    ])
  })

  test('without a schema the answer is unknown; the query goes on the URL, unsigned', async () => {
    const account = await newAccount()
    const answer = await clientOf(account).request({
      method: 'GET',
      path: '/api_keys',
      searchParams: { fcm_subtrader_id: 'u_1', skipped: undefined },
    })
    expectTypeOf(answer).toEqualTypeOf<unknown>()
    expect(answer).toEqual({ api_keys: [] })
    expect((await account.traffic())[0]?.url).toBe('/trade-api/v2/api_keys?fcm_subtrader_id=u_1')
  })

  test('a POST with a JSON body; any Standard Schema checks the answer', async () => {
    const account = await newAccount()
    const schema: StandardSchemaV1<unknown, { order: { ticker: string } }> = {
      '~standard': {
        version: 1,
        vendor: 'hand-made',
        validate: (value) =>
          typeof (value as { order?: { ticker?: unknown } })?.order?.ticker === 'string'
            ? { value: value as { order: { ticker: string } } }
            : { issues: [{ message: 'no order', path: ['order'] }] },
      },
    }
    const { order } = await clientOf(account).request({
      method: 'POST',
      path: '/portfolio/orders',
      json: { ticker: 'KXTEST-1', side: 'yes', count: 1 },
      schema,
    })
    expect(order.ticker).toBe('KXTEST-1')
    const [entry] = await account.traffic()
    expect(JSON.parse(entry?.body ?? '')).toEqual({ ticker: 'KXTEST-1', side: 'yes', count: 1 })
    expect(entry?.headers['content-type']).toMatch(/^application\/json/)
  })

  test('an answer the schema refuses is ERR_INVALID_RESPONSE, with the issues’ paths and the body kept unprinted', async () => {
    const account = await newAccount()
    const error = await clientOf(account)
      .request({
        method: 'GET',
        path: '/portfolio/balance',
        schema: v.object({ balance: v.string() }),
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KalshiValidationError)
    expect(error).toMatchObject({ code: 'ERR_INVALID_RESPONSE' })
    expect((error as KalshiValidationError).issues[0]?.path).toEqual(['balance'])
    expect((error as KalshiValidationError & { response: unknown }).response).toMatchObject({
      balance: 10_000,
    })
    expect(Object.keys(error as object)).not.toContain('response')
  })

  test.each([
    '/../api_keys',
    '/portfolio/../../admin',
    '/portfolio/./balance',
    '/portfolio/%2e%2e/x',
    '/portfolio%2fbalance',
    '/portfolio%5Cbalance',
    '/portfolio//balance',
    '/portfolio/balance/',
    'portfolio/balance',
    '/portfolio/balance?x=1',
    '/portfolio/balance#x',
    '/portfolio/ba lance',
    '/portfolio\\balance',
    '/portfolio/%zz',
    '',
  ])('refuses the path %j before sending anything', async (path) => {
    const account = await newAccount()
    const client = clientOf(account)
    await expect(client.request({ method: 'GET', path })).rejects.toMatchObject({
      code: 'ERR_INVALID_REQUEST',
    })
    expect(await account.traffic()).toHaveLength(0)
  })

  test('refuses key material in the path (any long base64 run), the query or the body (PEM armour)', async () => {
    const account = await newAccount()
    const client = clientOf(account)
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----'
    for (const call of [
      { method: 'GET', path: '/portfolio/MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7' },
      { method: 'GET', path: '/portfolio/balance', searchParams: { cursor: pem } },
      { method: 'POST', path: '/portfolio/orders', json: { ticker: 'X', note: [pem] } },
    ] as const) {
      const error = await client.request(call).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'ERR_INVALID_REQUEST' })
      expect(String((error as Error).message)).not.toContain('MC4CAQ')
    }
    // A query without armour goes out.
    await client.request({
      method: 'GET',
      path: '/api_keys',
      searchParams: { fcm_subtrader_id: 'u_1' },
    })
    expect(await account.traffic()).toHaveLength(1)
  })

  test('refuses a method the API has not', async () => {
    const account = await newAccount()
    await expect(
      clientOf(account).request({ method: 'PATCH' as 'GET', path: '/portfolio/balance' }),
    ).rejects.toMatchObject({ code: 'ERR_INVALID_REQUEST' })
  })

  test('a GET is retried on 503, each attempt signed afresh', async () => {
    const account = await newAccount()
    await account.inject({ status: 503, body: { error: 'busy' } })
    const client = clientOf(account)
    expect(await client.request({ method: 'GET', path: '/portfolio/balance' })).toMatchObject({
      balance: 10_000,
    })
    const traffic = await account.traffic()
    expect(traffic.map((entry) => entry.status)).toEqual([503, 200])
    expect(traffic[0]?.headers['kalshi-access-signature']).not.toBe(
      traffic[1]?.headers['kalshi-access-signature'],
    )
  })

  test.each(['POST', 'PUT'] as const)('a %s is never retried by itself', async (method) => {
    const account = await newAccount({ offSpec: true }) // a PUT to a path the spec copy has not
    await account.inject({ status: 503, body: { error: 'busy' } })
    const error = await clientOf(account)
      .request({ method, path: '/portfolio/orders', json: { ticker: 'KXTEST-1' } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KalshiApiError)
    expect(error).toMatchObject({ status: 503 })
    expect(await account.traffic()).toHaveLength(1)
  })

  test('a refused timestamp is corrected from the server’s clock and the call sent again', async () => {
    const account = await newAccount()
    await account.setClockOffset(120_000)
    const client = clientOf(account)
    expect(await client.request({ method: 'GET', path: '/portfolio/balance' })).toMatchObject({
      balance: 10_000,
    })
    expect((await account.traffic()).map((entry) => entry.auth)).toEqual(['expired', 'valid'])
    expect(client.clockOffset).toBeGreaterThan(100_000)
  })

  test('errors are typed: a 404 from the API is a KalshiApiError with the path', async () => {
    const account = await newAccount({ offSpec: true }) // a path no API has, on purpose
    const error = await clientOf(account)
      .request({ method: 'GET', path: '/portfolio/nothing-here' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KalshiApiError)
    expect(error).toMatchObject({ status: 404, path: '/trade-api/v2/portfolio/nothing-here' })
  })
})
