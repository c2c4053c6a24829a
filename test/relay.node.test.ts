// The secret-free relay: signed requests pass through unchanged, nothing else does.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { toNodeListener } from '../examples/relay/node.js'
import { createRelay } from '../examples/relay/relay.js'
import { createClient } from '../src/index.js'
import { FAKE_API_URL, newAccount } from './support/fake.js'

let server: Server
let relayUrl: string

beforeAll(async () => {
  server = createServer(toNodeListener(createRelay({ upstream: FAKE_API_URL })))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('through the relay', () => {
  test('every operation works, with the SDK’s own KALSHI-ACCESS-* headers passed through untouched', async () => {
    const account = await newAccount()
    const sent: Headers[] = []
    const client = createClient({
      baseUrl: `${relayUrl}/trade-api/v2`,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
      fetch: (input, init) => {
        sent.push(new Headers((input as Request).headers))
        return fetch(input, init)
      },
    })
    const created = await client.createApiKeyWithLocalKey({ name: 'via-relay' })
    const { api_keys } = await client.getApiKeys({ fcm_subtrader_id: 'u_1' })
    expect(api_keys).toEqual([])
    await client.deleteApiKey(created.api_key_id)

    const traffic = await account.traffic()
    expect(traffic.map((entry) => [entry.method, entry.url, entry.auth, entry.status])).toEqual([
      ['POST', '/trade-api/v2/api_keys', 'valid', 201],
      ['GET', '/trade-api/v2/api_keys?fcm_subtrader_id=u_1', 'valid', 200],
      ['DELETE', `/trade-api/v2/api_keys/${created.api_key_id}`, 'valid', 204],
    ])
    traffic.forEach((entry, i) => {
      for (const name of [
        'kalshi-access-key',
        'kalshi-access-timestamp',
        'kalshi-access-signature',
      ]) {
        expect(entry.headers[name]).toBe(sent[i]?.get(name))
      }
    })
  })

  test('the API’s errors and the Date header come back', async () => {
    const account = await newAccount({ offSpec: true }) // an unsigned request, on purpose
    const response = await fetch(`${relayUrl}/trade-api/v2/api_keys`, {
      headers: { 'kalshi-access-key': account.keyId },
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: { code: 'missing_parameters' } })
    expect(response.headers.get('date')).toBeTruthy()
    expect(response.headers.get('access-control-expose-headers')).toContain('Date')
  })

  test('nothing but the API headers goes up: no cookies, no added secrets', async () => {
    const account = await newAccount({ offSpec: true }) // an unsigned request, on purpose
    await fetch(`${relayUrl}/trade-api/v2/api_keys`, {
      headers: {
        'kalshi-access-key': account.keyId,
        cookie: 'session=secret',
        authorization: 'Bearer x',
        'x-other': '1',
      },
    })
    const [entry] = await account.traffic()
    for (const name of ['cookie', 'authorization', 'x-other'])
      expect(entry?.headers).not.toHaveProperty(name)
    expect(entry?.headers['kalshi-access-key']).toBe(account.keyId)
    expect(entry?.auth).toBe('missing') // the relay signed nothing itself
  })
})

describe('refused', () => {
  test.each([
    ['GET', '/'],
    ['GET', '/etc/passwd'],
    ['GET', '/trade-api/v2'],
    ['GET', '/trade-api/v1/api_keys'],
    ['GET', '/trade-api/v2/../../admin'],
    ['GET', '/trade-api/v2/%2e%2e/%2e%2e/admin'],
    ['GET', '/trade-api/v2/..%2f..%2fadmin'],
    ['GET', '/trade-api/v2/a/..%5c..%5cb'],
    ['PUT', '/trade-api/v2/api_keys'],
    ['PATCH', '/trade-api/v2/api_keys'],
  ])('%s %s', async (method, path) => {
    const upstream = vi.fn(globalThis.fetch)
    const relay = createRelay({ upstream: FAKE_API_URL, fetch: upstream })
    const response = await relay(new Request(`http://relay.local${path}`, { method }))
    expect([404, 405]).toContain(response.status)
    expect(await response.json()).toMatchObject({ error: { code: 'relay_refused' } })
    expect(upstream).not.toHaveBeenCalled()
  })

  test('an unreachable upstream is a 502, not a crash', async () => {
    const relay = createRelay({ upstream: 'http://127.0.0.1:9/trade-api/v2' })
    const response = await relay(new Request('http://relay.local/trade-api/v2/api_keys'))
    expect(response.status).toBe(502)
  })
})
