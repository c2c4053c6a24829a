// Clock skew: the fake server keeps each account's clock where the test puts it, refuses
// timestamps more than 10 s from it, and shows it in its Date header.
import { expect, test } from 'vitest'
import { type ClientOptions, createClient, KalshiApiError } from '../../src/index.js'
import { type Account, FAKE_API_URL, newAccount } from '../support/fake.js'

function clientFor(account: Account, options: ClientOptions = {}) {
  return createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    ...options,
  })
}

test.each([
  ['ahead', 90_000],
  ['behind', -90_000],
])('a server clock 90 s %s: one refused request, then every call on time', async (_, ahead) => {
  const account = await newAccount()
  await account.setClockOffset(ahead)
  const client = clientFor(account)
  expect(client.clockOffset).toBe(0)

  await client.getApiKeys()
  // The Date header has whole seconds; the offset is within a second and a half of the truth.
  expect(Math.abs(client.clockOffset - ahead)).toBeLessThan(1_500)
  await client.getApiKeys()
  await client.deleteApiKey((await account.addKey()).keyId)

  const traffic = await account.traffic()
  expect(traffic.map((entry) => [entry.method, entry.auth, entry.status])).toEqual([
    ['GET', 'expired', 401],
    ['GET', 'valid', 200],
    ['GET', 'valid', 200],
    ['DELETE', 'valid', 204],
  ])
  // The retry was signed afresh: a new timestamp, on the server's clock.
  const [refused, accepted] = traffic
  const stamp = (entry: typeof refused) => Number(entry?.headers['kalshi-access-timestamp'])
  expect(Math.abs(stamp(accepted) - stamp(refused) - ahead)).toBeLessThan(2_000)
})

test('hundreds of calls refused at once are each sent once more, and all succeed', async () => {
  const account = await newAccount()
  await account.setClockOffset(-120_000)
  const client = clientFor(account)
  const results = await Promise.all(Array.from({ length: 200 }, () => client.getApiKeys()))
  expect(results.every((result) => result.api_keys.length === 1)).toBe(true)
  const traffic = await account.traffic()
  expect(traffic.filter((entry) => entry.auth === 'valid')).toHaveLength(200)
  expect(traffic.length).toBeLessThanOrEqual(400)
})

test('with correctClockSkew: false the refusal surfaces and the offset stays 0', async () => {
  const account = await newAccount()
  await account.setClockOffset(60_000)
  const client = clientFor(account, { correctClockSkew: false })
  const error = await client.getApiKeys().catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(KalshiApiError)
  expect(error).toMatchObject({ status: 401, code: 'header_timestamp_expired' })
  expect(client.clockOffset).toBe(0)
  expect(await account.traffic()).toHaveLength(1)
})

test('a clock within the tolerance is left alone', async () => {
  const account = await newAccount()
  await account.setClockOffset(5_000)
  const client = clientFor(account)
  await client.getApiKeys()
  expect(client.clockOffset).toBe(0)
  expect(await account.traffic()).toHaveLength(1)
})

test('a Date before 1970 is not taken for the server clock', async () => {
  const account = await newAccount()
  await account.inject({
    status: 401,
    headers: { date: 'Thu, 01 Jan 1960 00:00:00 GMT' },
    body: { error: { code: 'header_timestamp_expired', message: 'too far' } },
  })
  const client = clientFor(account)
  const error = await client.getApiKeys().catch((caught: unknown) => caught)
  expect(error).toMatchObject({ status: 401, code: 'header_timestamp_expired' })
  expect(client.clockOffset).toBe(0)
  expect(await account.traffic()).toHaveLength(1)
  await client.getApiKeys() // and the client still works
})
