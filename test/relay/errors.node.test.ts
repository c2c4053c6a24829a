// Errors that point at the cause when a page talks to its relay: no relay at `baseUrl` (a dev
// server's 404 or fallback page) says so and names the guide; a refusal by the relay says which
// rule refused it and never gets the usage-level hint of a 403 on POST /api_keys.
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, describe, expect, test } from 'vitest'
import {
  createClient,
  exportPublicKeyPem,
  generateKeyPair,
  isKalshiError,
  KalshiApiError,
} from '../../src/index.js'
import { createRelay } from '../../src/relay/index.js'
import { attachRelay } from '../../src/relay/node.js'
import { type Account, FAKE_API_URL, newAccount } from '../support/fake.js'

const servers: Server[] = []
afterAll(() =>
  Promise.all(
    servers.map((server) => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    }),
  ),
)

async function serve(listener: RequestListener | Server): Promise<string> {
  const server = typeof listener === 'function' ? createServer(listener) : listener
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const html = '<!doctype html><html><body><div id="root"></div></body></html>'
// What dev servers answer where no relay is mounted.
const devServers: [string, RequestListener][] = [
  [
    'a framework’s 404 page (Next.js)',
    (_, res) => res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(html),
  ],
  [
    // As Vite's dev server does: its page with 200 for a GET, an empty 404 for the rest.
    'an app’s fallback page with 200 for a GET',
    (req, res) =>
      req.method === 'GET'
        ? res.writeHead(200, { 'content-type': 'text/html' }).end(html)
        : res.writeHead(404).end(),
  ],
  ['an empty 404 (Vite’s dev server, for a POST)', (_, res) => res.writeHead(404).end()],
  [
    'a plain-text 404',
    (_, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found'),
  ],
]

async function rejection(promise: Promise<unknown>): Promise<KalshiApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(KalshiApiError)
  return error as KalshiApiError
}

const credentialsOf = (account: Account) => ({
  keyId: account.keyId,
  privateKey: account.privateKeyPem,
})

describe('no relay at baseUrl', () => {
  test.each(devServers)(
    '%s: ERR_NO_RELAY, naming the address and the guide',
    async (_, listener) => {
      const base = `${await serve(listener)}/trade-api/v2`
      const account = await newAccount()
      const client = createClient({ baseUrl: base, credentials: credentialsOf(account), retry: 0 })
      const pair = await generateKeyPair()
      const public_key = await exportPublicKeyPem(pair)
      for (const call of [
        () => client.getApiKeys(),
        () => client.createApiKey({ name: 'x', public_key }),
        () => client.deleteApiKey('k-1'),
      ]) {
        const error = await rejection(call())
        expect(isKalshiError(error)).toBe(true)
        expect(error.code).toBe('ERR_NO_RELAY')
        expect(error.message).toContain(`no relay answered at ${base} `)
        expect(error.message).toContain('"Use it with…"')
        expect(error.message).not.toMatch(/Premier/)
      }
    },
  )

  test('Kalshi’s own hosts never get it: their answers are the API’s', async () => {
    const client = createClient({
      environment: 'demo',
      credentials: { keyId: 'k', privateKey: (await newAccount()).privateKeyPem },
      retry: 0,
      fetch: async () =>
        new Response(html, { status: 404, headers: { 'content-type': 'text/html' } }),
    })
    const error = await rejection(client.getApiKeys())
    expect(error.code).toBe('http_404')
  })

  test('the API’s own 404 through a relay stays the API’s', async () => {
    const base = await serve(attachRelay(createServer(), createRelay({ upstream: FAKE_API_URL })))
    const account = await newAccount()
    const client = createClient({
      baseUrl: `${base}/trade-api/v2`,
      credentials: credentialsOf(account),
    })
    const error = await rejection(client.deleteApiKey('no-such-key'))
    expect([error.status, error.code]).toEqual([404, 'not_found'])
  })
})

describe('a refusal by the relay', () => {
  test('says which rule refused it, and a 403 on POST /api_keys gets no usage-level hint', async () => {
    const base = await serve(attachRelay(createServer(), createRelay({ upstream: FAKE_API_URL })))
    const account = await newAccount()
    const client = createClient({
      baseUrl: `${base}/trade-api/v2`,
      credentials: credentialsOf(account),
      // What a browser sends from a page on another origin.
      fetch: (input, init) => {
        const request = new Request(input as Request, init)
        request.headers.set('origin', 'https://other.example')
        request.headers.set('sec-fetch-site', 'cross-site')
        return fetch(request)
      },
    })
    const pair = await generateKeyPair()
    const error = await rejection(
      client.createApiKey({ name: 'x', public_key: await exportPublicKeyPem(pair) }),
    )
    expect([error.status, error.code]).toEqual([403, 'relay_refused'])
    expect(error.details).toEqual({ rule: 'origin' })
    expect(error.message).toMatch(
      /allowedOrigins.*refused by the relay's origin rule.*"Troubleshooting"/,
    )
    expect(error.message).not.toMatch(/Premier|usage level/)
    expect(await account.traffic()).toHaveLength(0)
  })

  test('the API’s own 403 below Premier, through the relay, keeps its hint', async () => {
    const base = await serve(attachRelay(createServer(), createRelay({ upstream: FAKE_API_URL })))
    const account = await newAccount({ usageLevel: 'basic' })
    const client = createClient({
      baseUrl: `${base}/trade-api/v2`,
      credentials: credentialsOf(account),
    })
    const pair = await generateKeyPair()
    const error = await rejection(
      client.createApiKey({ name: 'x', public_key: await exportPublicKeyPem(pair) }),
    )
    expect([error.status, error.code]).toEqual([403, 'insufficient_usage_level'])
    expect(error.message).toMatch(/Premier or Market Maker usage level/)
    expect(error.message).not.toMatch(/relay/)
  })

  test('a path the relay does not take is refused by its path rule', async () => {
    const base = await serve(attachRelay(createServer(), createRelay({ upstream: FAKE_API_URL })))
    const account = await newAccount()
    // The prefix stripped, as Connect's use('/trade-api', …) does: the relay sees /v2/api_keys.
    const client = createClient({ baseUrl: `${base}/v2`, credentials: credentialsOf(account) })
    const error = await rejection(client.getApiKeys())
    expect([error.status, error.code]).toEqual([404, 'relay_refused'])
    expect(error.message).toMatch(/refused by the relay's path rule/)
  })
})
