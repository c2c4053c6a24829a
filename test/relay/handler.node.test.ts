// The secret-free relay (kalshi-webcrypto/relay) on Node, in process: signed requests pass through
// unchanged, nothing else does; the guarantees of the hardening issue; the WebSocket sign-in.
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import {
  createClient,
  importPrivateKey,
  signRequest,
  signWebSocketProtocols,
} from '../../src/index.js'
import { createRelay, type RelayOptions } from '../../src/relay/index.js'
import { attachRelay } from '../../src/relay/node.js'
import { FAKE_API_URL, FAKE_URL, newAccount } from '../support/fake.js'
import { openWebSocket } from '../support/websocket.js'

const PAGE = 'https://app.example.com'
let server: Server
let relayUrl: string

async function listen(options: Partial<RelayOptions> = {}): Promise<[Server, string]> {
  const s = attachRelay(
    createServer(),
    createRelay({ upstream: FAKE_API_URL, allowedOrigins: [PAGE], ...options }),
  )
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  return [s, `http://127.0.0.1:${(s.address() as AddressInfo).port}`]
}

beforeAll(async () => {
  ;[server, relayUrl] = await listen({ timeout: 1_000 })
})
afterAll(() => {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(resolve))
})

/** A relay whose upstream `fetch` is a spy, called on a Request built here. */
function spied(options: Partial<RelayOptions> = {}) {
  const upstream = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  return { upstream, relay: createRelay({ upstream: FAKE_API_URL, fetch: upstream, ...options }) }
}

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
    const created = await client.createApiKeyWithDeviceKey({ name: 'via-relay' })
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
      ])
        expect(entry.headers[name]).toBe(sent[i]?.get(name))
    })
  })

  test('client.request reaches any Trade API path through it', async () => {
    const account = await newAccount()
    const client = createClient({
      baseUrl: `${relayUrl}/trade-api/v2`,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    })
    expect(await client.request({ method: 'GET', path: '/portfolio/balance' })).toMatchObject({
      balance: 10_000,
    })
    const [entry] = await account.traffic()
    expect([entry?.url, entry?.auth]).toEqual(['/trade-api/v2/portfolio/balance', 'valid'])
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

  test('nothing but the API headers goes up: no Origin, cookies or added secrets', async () => {
    const account = await newAccount({ offSpec: true }) // an unsigned request, on purpose
    await fetch(`${relayUrl}/trade-api/v2/api_keys`, {
      headers: {
        'kalshi-access-key': account.keyId,
        origin: PAGE,
        cookie: 'session=secret',
        authorization: 'Bearer x',
        'x-other': '1',
      },
    })
    const [entry] = await account.traffic()
    for (const name of ['cookie', 'authorization', 'x-other', 'origin', 'referer'])
      expect(entry?.headers).not.toHaveProperty(name)
    expect(entry?.headers['kalshi-access-key']).toBe(account.keyId)
    expect(entry?.auth).toBe('missing') // the relay signed nothing itself
  })

  test('a redirect is not followed, and its Location does not come back', async () => {
    const account = await newAccount({ offSpec: true })
    await account.inject({ status: 301, headers: { location: 'https://elsewhere.example/' } })
    const response = await fetch(`${relayUrl}/trade-api/v2/api_keys`, {
      headers: { 'kalshi-access-key': account.keyId },
      redirect: 'manual',
    })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBeNull()
    expect(await account.traffic()).toHaveLength(1)
  })
})

describe('refused', () => {
  test.each([
    ['GET', '/'],
    ['GET', '/etc/passwd'],
    ['GET', '/trade-api/v2'],
    ['GET', '/trade-api/v2/'],
    ['GET', '/trade-api/v1/api_keys'],
    ['GET', '/trade-api/v2/../../admin'],
    ['GET', '/trade-api/v2/%2e%2e/%2e%2e/admin'],
    ['GET', '/trade-api/v2/..%2f..%2fadmin'],
    ['GET', '/trade-api/v2/a/..%5c..%5cb'],
    ['GET', '/trade-api/v2//api_keys'],
    ['GET', '/trade-api/v2/api_keys/'], // issue 17, item 14: an empty last segment
    ['DELETE', '/trade-api/v2/api_keys/abc/'],
    ['PATCH', '/trade-api/v2/api_keys'],
    ['HEAD', '/trade-api/v2/api_keys'],
    ['PROPFIND', '/trade-api/v2/api_keys'],
  ])('%s %s', async (method, path) => {
    const { relay, upstream } = spied()
    const response = await relay(new Request(`http://relay.local${path}`, { method }))
    expect([404, 405]).toContain(response.status)
    expect(await response.json()).toMatchObject({ error: { code: 'relay_refused' } })
    expect(upstream).not.toHaveBeenCalled()
  })

  test('an oversized body, in the fetch handler itself: streamed without a length, or announced', async () => {
    const { relay, upstream } = spied({ maxBodyBytes: 1_000 })
    const chunks = [new Uint8Array(600), new Uint8Array(600)]
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift()
        if (next) controller.enqueue(next)
        else controller.close()
      },
    })
    const streamed = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        method: 'POST',
        body: stream,
        duplex: 'half',
      } as RequestInit),
    )
    expect(streamed.status).toBe(413)
    const announced = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        method: 'POST',
        body: 'x'.repeat(1_001),
      }),
    )
    expect(announced.status).toBe(413)
    expect(upstream).not.toHaveBeenCalled()
    // One byte less passes.
    const account = await newAccount({ offSpec: true })
    const fits = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        method: 'POST',
        headers: { 'kalshi-access-key': account.keyId },
        body: 'x'.repeat(1_000),
      }),
    )
    expect(fits.status).toBe(401)
    expect((await account.traffic())[0]?.body).toHaveLength(1_000)
  })

  test('an oversized body through the Node adapter gets its 413 (64 KB by default)', async () => {
    const { status } = await rawRequest(
      relayUrl,
      'POST',
      '/trade-api/v2/api_keys',
      'x'.repeat(70_000),
    )
    expect(status).toBe(413)
  })

  test('a stalled upstream: 504 once the timeout ends, and the upstream call is cut', async () => {
    const account = await newAccount({ offSpec: true })
    await account.inject({ action: 'hang' })
    const response = await fetch(`${relayUrl}/trade-api/v2/api_keys`, {
      headers: { 'kalshi-access-key': account.keyId },
    })
    expect(response.status).toBe(504)
    expect(await response.json()).toMatchObject({ error: { code: 'relay_refused' } })
    await vi.waitFor(async () => expect((await account.traffic())[0]?.aborted).toBe(true))
  })

  test('a body that stalls after the headers is cut at the timeout too', async () => {
    const account = await newAccount({ offSpec: true })
    await account.inject({ action: 'stall' })
    const { relay } = spied({ timeout: 300 })
    const response = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        headers: { 'kalshi-access-key': account.keyId },
      }),
    )
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    await vi.waitFor(async () => expect((await account.traffic())[0]?.aborted).toBe(true))
  })

  test('when the browser gives up, the upstream call is aborted', async () => {
    const account = await newAccount({ offSpec: true })
    await account.inject({ action: 'hang' })
    const { relay } = spied({ timeout: 60_000 })
    const browser = new AbortController()
    const answer = relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        headers: { 'kalshi-access-key': account.keyId },
        signal: browser.signal,
      }),
    )
    await vi.waitFor(async () => expect(await account.traffic()).toHaveLength(1))
    browser.abort()
    expect((await answer).status).toBeGreaterThanOrEqual(500)
    await vi.waitFor(async () => expect((await account.traffic())[0]?.aborted).toBe(true))
  })

  test('…and through the Node adapter, when the browser’s connection closes', async () => {
    const account = await newAccount({ offSpec: true })
    await account.inject({ action: 'hang' })
    const [slow, url] = await listen({ timeout: 60_000 })
    try {
      const browser = new AbortController()
      const answer = fetch(`${url}/trade-api/v2/api_keys`, {
        headers: { 'kalshi-access-key': account.keyId },
        signal: browser.signal,
      }).catch(() => 'aborted')
      await vi.waitFor(async () => expect(await account.traffic()).toHaveLength(1))
      browser.abort()
      expect(await answer).toBe('aborted')
      await vi.waitFor(async () => expect((await account.traffic())[0]?.aborted).toBe(true))
    } finally {
      slow.closeAllConnections()
      slow.close()
    }
  })

  test('the upstream comes from the options, never from the Host header', async () => {
    const { relay, upstream } = spied()
    await relay(new Request('http://evil.example/trade-api/v2/api_keys?x=1'))
    expect(String(upstream.mock.calls[0]?.[0])).toBe(`${FAKE_API_URL}/api_keys?x=1`)
    const account = await newAccount({ offSpec: true })
    const { status } = await rawRequest(relayUrl, 'GET', '/trade-api/v2/api_keys', undefined, {
      host: 'evil.example',
      'kalshi-access-key': account.keyId,
    })
    expect(status).toBe(401) // the fake server's answer: the request reached it
    expect(await account.traffic()).toHaveLength(1)
  })

  test('a 500 says nothing about the request', async () => {
    const secret = 'c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw=='
    const relay = createRelay({
      upstream: FAKE_API_URL,
      fetch: async () => {
        throw Object.assign(new Error(`boom ${secret}`), { name: 'Bug' })
      },
    })
    // An upstream that throws is a 502; one whose answer breaks the relay is a 500.
    expect(
      (await relay(new Request(`http://relay.local/trade-api/v2/api_keys?${secret}`))).status,
    ).toBe(502)
    const broken = createRelay({
      upstream: FAKE_API_URL,
      fetch: async () => ({ status: 200, headers: null }) as unknown as Response,
    })
    const response = await broken(
      new Request(`http://relay.local/trade-api/v2/api_keys?q=${secret}`, {
        headers: { 'kalshi-access-signature': secret },
      }),
    )
    expect(response.status).toBe(500)
    const text = await response.text()
    expect(text).toBe('{"error":{"code":"relay_error","message":"The relay failed"}}')
  })

  test('options are checked when the relay is made', () => {
    expect(() => createRelay({ upstream: 'staging' })).toThrow(TypeError)
    expect(() => createRelay({ upstream: 'demo', allowedOrigins: ['*'] })).toThrow(TypeError)
    expect(() => createRelay({ upstream: 'demo', allowedOrigins: ['https://a.example/'] })).toThrow(
      TypeError,
    )
    expect(() => createRelay({ upstream: 'demo', timeout: 0 })).toThrow(TypeError)
    expect(() => createRelay({ upstream: 'demo', maxBodyBytes: 1.5 })).toThrow(TypeError)
  })
})

describe('origins', () => {
  test('a page on the relay’s own origin passes; one on an origin not listed is refused before anything is sent', async () => {
    const { relay, upstream } = spied({ allowedOrigins: [PAGE] })
    const same = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        headers: { origin: 'http://relay.local' },
      }),
    )
    expect(same.status).toBe(401)
    expect(same.headers.get('access-control-allow-origin')).toBeNull()
    const other = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        headers: { origin: 'https://evil.example' },
      }),
    )
    expect(other.status).toBe(403)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    expect(upstream).toHaveBeenCalledTimes(1)
  })

  test('none but the same origin by default', async () => {
    const { relay, upstream } = spied()
    const response = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', { headers: { origin: PAGE } }),
    )
    expect(response.status).toBe(403)
    expect(upstream).not.toHaveBeenCalled()
  })

  test('a listed origin gets its preflight and CORS headers for itself, never *', async () => {
    const { relay, upstream } = spied({ allowedOrigins: [PAGE] })
    const preflight = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        method: 'OPTIONS',
        headers: {
          origin: PAGE,
          'access-control-request-method': 'POST',
          'access-control-request-headers':
            'content-type, kalshi-access-key, kalshi-access-timestamp, kalshi-access-signature',
        },
      }),
    )
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PAGE)
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE')
    expect(preflight.headers.get('vary')).toBe('Origin')
    const account = await newAccount({ offSpec: true })
    const call = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        headers: { origin: PAGE, 'kalshi-access-key': account.keyId },
      }),
    )
    expect(call.status).toBe(401)
    expect(call.headers.get('access-control-allow-origin')).toBe(PAGE)
    expect(call.headers.get('access-control-expose-headers')).toBe('Date, Retry-After')
    expect(upstream).toHaveBeenCalledTimes(1) // the call, not the preflight
  })

  test.each([
    ['an origin not listed', 'https://evil.example', 'GET', ''],
    ['a method the API has not', PAGE, 'PATCH', ''],
    ['a header the API does not take', PAGE, 'GET', 'kalshi-access-key, cookie'],
    ['a header the API does not take', PAGE, 'GET', 'x-api-secret'],
  ])('a preflight from %s is refused', async (_, origin, method, headers) => {
    const { relay, upstream } = spied({ allowedOrigins: [PAGE] })
    const response = await relay(
      new Request('http://relay.local/trade-api/v2/api_keys', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          ...(headers && { 'access-control-request-headers': headers }),
        },
      }),
    )
    expect(response.status).toBe(403)
    expect(response.headers.get('access-control-allow-origin')).not.toBe('*')
    expect(upstream).not.toHaveBeenCalled()
  })
})

describe('WebSocket sign-in (Node adapter)', () => {
  const wsUrl = () => `${relayUrl.replace('http', 'ws')}/trade-api/ws/v2`

  test('a signed handshake connects, echoes, and the relay answers only its own protocol', async () => {
    const account = await newAccount()
    const privateKey = await importPrivateKey(account.privateKeyPem)
    const protocols = await signWebSocketProtocols({ keyId: account.keyId, privateKey })
    const handshake = await openWebSocket(wsUrl(), protocols, { origin: PAGE, cookie: 's=1' })
    expect(handshake).toEqual({ opened: true, protocol: 'kalshi-relay', echo: 'ping' })
    const [entry] = await account.traffic()
    expect([entry?.path, entry?.auth, entry?.status]).toEqual(['/trade-api/ws/v2', 'valid', 101])
    expect(entry?.websocket).toEqual(['ping'])
    for (const name of ['sec-websocket-protocol', 'origin', 'cookie', 'sec-websocket-extensions'])
      expect(entry?.headers).not.toHaveProperty(name)
  })

  test('an Ed25519 key signs it too', async () => {
    const account = await newAccount({ keyType: 'ed25519' })
    const privateKey = await importPrivateKey(account.privateKeyPem)
    const protocols = await signWebSocketProtocols({ keyId: account.keyId, privateKey })
    expect(await openWebSocket(wsUrl(), protocols)).toMatchObject({ opened: true, echo: 'ping' })
  })

  test('a stale signature is refused by the API, and the refusal comes back', async () => {
    const account = await newAccount()
    const privateKey = await importPrivateKey(account.privateKeyPem)
    const protocols = await signWebSocketProtocols(
      { keyId: account.keyId, privateKey },
      { timestamp: Date.now() - 60_000 },
    )
    const handshake = await openWebSocket(wsUrl(), protocols)
    expect(handshake).toMatchObject({ opened: false, status: 401 })
    const [entry] = await account.traffic()
    expect(entry?.auth).toBe('expired')
  })

  test('a signature by another key is refused by the API', async () => {
    const account = await newAccount()
    const other = await account.addKey()
    const privateKey = await importPrivateKey(other.privateKeyPem)
    const protocols = await signWebSocketProtocols({ keyId: account.keyId, privateKey })
    expect(await openWebSocket(wsUrl(), protocols)).toMatchObject({ opened: false, status: 401 })
    expect((await account.traffic())[0]?.auth).toBe('invalid')
  })

  test.each([
    ['no subprotocol', []],
    ['the relay’s protocol alone', ['kalshi-relay']],
    [
      'a malformed signature',
      [
        'kalshi-relay',
        'kalshi-key.YQ',
        'kalshi-timestamp.1',
        `kalshi-signature.${'A+'.repeat(50)}`,
      ],
    ],
    [
      'a short signature',
      ['kalshi-relay', 'kalshi-key.YQ', 'kalshi-timestamp.1', 'kalshi-signature.AAAA'],
    ],
  ])('%s: refused by the relay, nothing sent', async (_, protocols) => {
    const account = await newAccount()
    const handshake = await openWebSocket(wsUrl(), protocols)
    expect(handshake).toMatchObject({ opened: false, status: 401 })
    expect(await account.traffic()).toHaveLength(0)
  })

  test('an origin not listed is refused', async () => {
    const account = await newAccount()
    const privateKey = await importPrivateKey(account.privateKeyPem)
    const protocols = await signWebSocketProtocols({ keyId: account.keyId, privateKey })
    const handshake = await openWebSocket(wsUrl(), protocols, { origin: 'https://evil.example' })
    expect(handshake).toMatchObject({ opened: false, status: 403 })
    expect(await account.traffic()).toHaveLength(0)
  })

  test('the fake API itself refuses an unsigned or stale handshake (without the relay)', async () => {
    const account = await newAccount()
    const direct = `${FAKE_URL.replace('http', 'ws')}/trade-api/ws/v2`
    expect(await openWebSocket(direct, [])).toMatchObject({ opened: false, status: 401 })
    const privateKey = await importPrivateKey(account.privateKeyPem)
    const stale = await signRequest(
      { keyId: account.keyId, privateKey },
      { method: 'GET', path: '/trade-api/ws/v2', timestamp: Date.now() - 60_000 },
    )
    const refused = await openWebSocket(direct, [], stale)
    expect(refused).toMatchObject({ opened: false, status: 401 })
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({
      error: { code: 'header_timestamp_expired' },
    })
    const fresh = await signRequest(
      { keyId: account.keyId, privateKey },
      { method: 'GET', path: '/trade-api/ws/v2' },
    )
    expect(await openWebSocket(direct, [], fresh)).toMatchObject({ opened: true, echo: 'ping' })
  })
})

/** A request with a body and headers fetch would not send (a Host, a large body). */
function rawRequest(
  base: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0 })
    })
    req.on('error', reject)
    req.end(body)
  })
}

// Issue 17, item 1: the generate answer carries the whole private key PEM, so a relay that passes
// it sees a key it could sign with. Refused unless the relay's options allow it.
describe('the server-key path (POST /api_keys/generate)', () => {
  test.each([
    '/trade-api/v2/api_keys/generate',
    '/trade-api/v2/api_keys/%67enerate',
    '/trade-api/v2/API_KEYS/Generate',
    '/trade-api/v2/api_keys/generate%20',
  ])('refused by default (%s), before anything is sent', async (path) => {
    const { relay, upstream } = spied()
    const response = await relay(
      new Request(`http://relay.local${path}`, { method: 'POST', body: '{"name":"x"}' }),
    )
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({
      error: { code: 'relay_refused', message: expect.stringContaining('allowGenerate') },
    })
    expect(upstream).not.toHaveBeenCalled()
  })

  test('the SDK says what refused it: a KalshiApiError relay_refused, and no key was made', async () => {
    const account = await newAccount()
    const [s, url] = await listen({ allowedOrigins: [] })
    try {
      const client = createClient({
        baseUrl: `${url}/trade-api/v2`,
        credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
      })
      await expect(client.createApiKeyWithServerKey({ name: 'x' })).rejects.toMatchObject({
        status: 403,
        code: 'relay_refused',
      })
      expect(await account.traffic()).toEqual([])
    } finally {
      s.closeAllConnections()
      await new Promise((resolve) => s.close(resolve))
    }
  })

  test('allowed: the answer goes to the page and nowhere else; nothing is logged or kept', async () => {
    const account = await newAccount()
    const logged = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((name) =>
      vi.spyOn(console, name),
    )
    const { relay, upstream } = spied({ allowGenerate: true })
    const client = createClient({
      baseUrl: 'http://relay.local/trade-api/v2',
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
      fetch: (input, init) => relay(new Request(input as Request, init)),
    })
    try {
      const generated = await client.generateApiKey({ name: 'through', key_type: 'ed25519' })
      expect(generated.private_key).toContain('PRIVATE KEY')
      expect(upstream).toHaveBeenCalledTimes(1)
      expect(String(upstream.mock.calls[0]?.[0])).toBe(`${FAKE_API_URL}/api_keys/generate`)
      for (const spy of logged) expect(spy).not.toHaveBeenCalled()
    } finally {
      for (const spy of logged) spy.mockRestore()
    }
  })

  test('allowGenerate must be true or false', () => {
    expect(() => createRelay({ upstream: 'demo', allowGenerate: 'yes' as never })).toThrow(
      TypeError,
    )
  })
})

// "Also seen": the relay's timeout started only once the body was read; a trickled body held a
// connection for as long as it trickled.
test('a request body that trickles in is cut at the timeout, before anything is sent', async () => {
  const account = await newAccount({ offSpec: true })
  const [s, url] = await listen({ timeout: 300 })
  try {
    const { port } = new URL(url)
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/trade-api/v2/api_keys',
          headers: { 'content-type': 'application/json', 'kalshi-access-key': account.keyId },
        },
        (res) => {
          clearInterval(timer)
          res.resume()
          resolve(res.statusCode)
          req.destroy()
        },
      ).on('error', reject)
      req.write('{')
      const timer = setInterval(() => req.write(' '), 50)
    })
    expect(status).toBe(408)
    expect(await account.traffic()).toEqual([])
  } finally {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
}, 15_000)
