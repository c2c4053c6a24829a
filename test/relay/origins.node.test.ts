// The relay's same-origin decision, from what the browser asserts (Fetch Metadata and Origin):
// a page's own requests pass where the URL the relay sees is not the page's (a Next.js route
// handler, a proxy that rewrites Host); foreign, opaque and look-alike origins stay out.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createClient, importPrivateKey, signWebSocketProtocols } from '../../src/index.js'
import { createRelay, type RelayOptions } from '../../src/relay/index.js'
import { attachRelay } from '../../src/relay/node.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'
import { openWebSocket } from '../support/websocket.js'

const PAGE = 'https://app.example.com'
// A Next.js App Router route handler is handed this URL whatever Host the browser used.
const NEXT_URL = 'http://localhost:3000/trade-api/v2/api_keys'

function spied(options: Partial<RelayOptions> = {}) {
  const upstream = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  return { upstream, relay: createRelay({ upstream: FAKE_API_URL, fetch: upstream, ...options }) }
}

const call = (url: string, headers: Record<string, string>, method = 'GET') =>
  new Request(url, {
    method,
    headers,
    ...(method === 'POST' && { body: '{}' }),
  })

describe('what the browser asserts', () => {
  test.each([
    ['a page at 127.0.0.1 (Next.js reports localhost)', 'http://127.0.0.1:3000'],
    ['a page behind a proxy, on its real domain', PAGE],
    ['a page at localhost', 'http://localhost:3000'],
  ])(
    '%s: Sec-Fetch-Site same-origin passes with no options, without CORS headers',
    async (_, origin) => {
      const { relay, upstream } = spied()
      for (const method of ['GET', 'POST']) {
        const response = await relay(
          call(NEXT_URL, { origin, 'sec-fetch-site': 'same-origin' }, method),
        )
        expect(response.status).toBe(401) // the fake API's answer to an unsigned call
        expect(response.headers.get('access-control-allow-origin')).toBeNull()
      }
      expect(upstream).toHaveBeenCalledTimes(2)
    },
  )

  test('a same-origin GET without Origin (as browsers send it) passes', async () => {
    const { relay, upstream } = spied()
    const response = await relay(call(NEXT_URL, { 'sec-fetch-site': 'same-origin' }))
    expect(response.status).toBe(401)
    expect(upstream).toHaveBeenCalledTimes(1)
  })

  test.each([
    ['cross-site', 'https://evil.example'],
    ['same-site', 'https://other.app.example.com'],
    // The browser's word wins over the URL: a page at localhost:3000 on the user's machine calling
    // the real domain is another origin, though its Origin is what the route handler sees.
    ['cross-site', 'http://localhost:3000'],
  ])(
    'Sec-Fetch-Site %s from %s is refused, by the origin rule, before anything is sent',
    async (site, origin) => {
      const { relay, upstream } = spied()
      const response = await relay(call(NEXT_URL, { origin, 'sec-fetch-site': site }, 'POST'))
      expect(response.status).toBe(403)
      expect(await response.json()).toEqual({
        error: {
          code: 'relay_refused',
          message: expect.stringMatching(/another origin.*allowedOrigins/),
          details: { rule: 'origin' },
        },
      })
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
      expect(upstream).not.toHaveBeenCalled()
    },
  )

  test('a cross-site page gets in only when listed, with CORS headers for itself', async () => {
    const { relay, upstream } = spied({ allowedOrigins: [PAGE] })
    const response = await relay(call(NEXT_URL, { origin: PAGE, 'sec-fetch-site': 'cross-site' }))
    expect(response.status).toBe(401)
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE)
    expect(upstream).toHaveBeenCalledTimes(1)
  })

  test.each([
    ['with Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['with Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['without Fetch Metadata', {}],
  ])('an opaque origin ("null") is refused %s', async (_, metadata) => {
    const { relay, upstream } = spied({ allowedOrigins: [PAGE] })
    const response = await relay(call(NEXT_URL, { origin: 'null', ...metadata }, 'POST'))
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringContaining('opaque'), details: { rule: 'origin' } },
    })
    expect(upstream).not.toHaveBeenCalled()
  })

  test('without Fetch Metadata, or for an address typed by the user (none), the URL check holds as before', async () => {
    const { relay, upstream } = spied()
    for (const metadata of [{}, { 'sec-fetch-site': 'none' }]) {
      const own = await relay(call(NEXT_URL, { origin: 'http://localhost:3000', ...metadata }))
      expect(own.status).toBe(401)
      const other = await relay(call(NEXT_URL, { origin: 'http://127.0.0.1:3000', ...metadata }))
      expect(other.status).toBe(403)
    }
    expect(upstream).toHaveBeenCalledTimes(2)
  })

  test('a preflight is answered for listed origins only, as before, whatever Fetch Metadata says', async () => {
    const { relay, upstream } = spied({ allowedOrigins: [PAGE] })
    const ask = (origin: string, site: string) =>
      relay(
        new Request(NEXT_URL, {
          method: 'OPTIONS',
          headers: {
            origin,
            'sec-fetch-site': site,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type, kalshi-access-key',
          },
        }),
      )
    const listed = await ask(PAGE, 'cross-site')
    expect(listed.status).toBe(204)
    expect(listed.headers.get('access-control-allow-origin')).toBe(PAGE)
    const same = await ask('http://127.0.0.1:3000', 'same-origin')
    expect(same.status).toBe(403)
    expect(await same.json()).toMatchObject({ error: { details: { rule: 'preflight' } } })
    expect(same.headers.get('access-control-allow-origin')).toBeNull()
    expect(upstream).not.toHaveBeenCalled()
  })

  test('property: an origin that is not listed, on a request the browser calls cross-site or same-site, never passes', async () => {
    const { relay, upstream } = spied({ allowedOrigins: [PAGE] })
    const lookAlikes = fc.constantFrom(
      'https://app.example.com.evil.example',
      'https://app.example.co',
      'http://app.example.com',
      'https://app.example.com:444',
      'https://APP.example.com',
      'https://app.example.com/',
      ' https://app.example.com',
      'https://xn--pp-example-4ub.com',
    )
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          lookAlikes,
          fc.webUrl().map((url) => new URL(url).origin),
        ),
        fc.constantFrom('cross-site', 'same-site', 'CROSS-SITE', ' same-site'),
        async (origin, site) => {
          let headers: Headers
          try {
            headers = new Headers({ origin, 'sec-fetch-site': site })
          } catch {
            return // not a value a browser could send
          }
          // Headers trims values: " https://app.example.com" is the listed origin itself.
          fc.pre(headers.get('origin') !== PAGE)
          const response = await relay(
            new Request(NEXT_URL, { method: 'POST', headers, body: '{}' }),
          )
          expect(response.status).toBe(403)
          expect(response.headers.get('access-control-allow-origin')).toBeNull()
        },
      ),
      { numRuns: 200 },
    )
    expect(upstream).not.toHaveBeenCalled()
  })
})

describe('the Node relay behind a proxy that rewrites Host (Vite server.proxy, changeOrigin)', () => {
  let server: Server
  let relayUrl: string
  beforeAll(async () => {
    server = attachRelay(createServer(), createRelay({ upstream: FAKE_API_URL }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    relayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(resolve))
  })
  // What the proxy passes on: Host is the relay's own, Origin and Fetch Metadata the browser's.
  const fromThePage = { origin: 'http://localhost:5173', 'sec-fetch-site': 'same-origin' }

  test('the page’s signed calls pass', async () => {
    const account = await newAccount()
    const client = createClient({
      baseUrl: `${relayUrl}/trade-api/v2`,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
      fetch: (input, init) => {
        const request = new Request(input as Request, init)
        for (const [name, value] of Object.entries(fromThePage)) request.headers.set(name, value)
        return fetch(request)
      },
    })
    const created = await client.createApiKeyWithDeviceKey({ name: 'behind-a-proxy' })
    expect((await client.getApiKeys()).api_keys.map((key) => key.api_key_id)).toContain(
      created.api_key_id,
    )
  })

  test('a WebSocket handshake, which carries no Fetch Metadata, passes only with the page’s origin listed, and the refusal says so', async () => {
    const account = await newAccount()
    const privateKey = await importPrivateKey(account.privateKeyPem)
    const path = '/trade-api/ws/v2'
    const protocols = await signWebSocketProtocols({ keyId: account.keyId, privateKey })
    // As Chromium sends it: Origin, no Sec-Fetch-Site; the proxy made Host the relay's.
    const chromium = { origin: 'http://localhost:5173' }
    const refused = await openWebSocket(
      `${relayUrl.replace('http', 'ws')}${path}`,
      protocols,
      chromium,
    )
    expect(refused).toMatchObject({ opened: false, status: 403 })
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({
      error: {
        code: 'relay_refused',
        message: expect.stringMatching(/no Sec-Fetch-Site.*list the page's origin/),
        details: { rule: 'origin' },
      },
    })
    const listed = attachRelay(
      createServer(),
      createRelay({ upstream: FAKE_API_URL, allowedOrigins: ['http://localhost:5173'] }),
    )
    await new Promise<void>((resolve) => listed.listen(0, '127.0.0.1', resolve))
    try {
      const url = `ws://127.0.0.1:${(listed.address() as AddressInfo).port}${path}`
      expect(await openWebSocket(url, protocols, chromium)).toMatchObject({ opened: true })
      // A browser that does send Fetch Metadata is believed, either way.
      expect(await openWebSocket(url, protocols, fromThePage)).toMatchObject({ opened: true })
      const foreign = await openWebSocket(url, protocols, {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      })
      expect(foreign).toMatchObject({ opened: false, status: 403 })
    } finally {
      listed.closeAllConnections()
      await new Promise((resolve) => listed.close(resolve))
    }
    expect(await account.traffic()).toHaveLength(2)
  })
})
