// Each deployment of the relay (examples/relay/) in its own runtime, against the fake server:
// Node, Deno (Deno.serve), Bun (Bun.serve) and Cloudflare's workerd (the Worker, in miniflare).
// The same cases for each; the WebSocket sign-in where the deployment has it (Node, workerd).
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createClient, importPrivateKey, signWebSocketProtocols } from '../../src/index.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'
import { type RunningRelay, type RuntimeName, startRelay } from '../support/relay-runtimes.js'
import { openWebSocket } from '../support/websocket.js'

const PAGE = 'https://app.example.com'
const RUNTIMES: [RuntimeName, { websocket: boolean }][] = [
  ['node', { websocket: true }],
  ['deno', { websocket: false }],
  ['bun', { websocket: false }],
  ['workerd', { websocket: true }],
]

describe.each(RUNTIMES)('the relay in %s', (runtime, { websocket }) => {
  let relay: RunningRelay
  beforeAll(async () => {
    relay = await startRelay(runtime, {
      KALSHI_UPSTREAM: FAKE_API_URL,
      RELAY_ALLOWED_ORIGINS: PAGE,
      RELAY_TIMEOUT_MS: '1000',
      RELAY_MAX_BODY_BYTES: '4096',
    })
  }, 60_000)
  afterAll(() => relay?.stop())

  test('signed calls go through: the key operations and client.request', async () => {
    const account = await newAccount()
    const client = createClient({
      baseUrl: `${relay.url}/trade-api/v2`,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    })
    const created = await client.createApiKeyWithDeviceKey({ name: runtime, keyType: 'ed25519' })
    expect((await client.getApiKeys()).api_keys).toHaveLength(2)
    expect(await client.request({ method: 'GET', path: '/portfolio/balance' })).toMatchObject({
      balance: 10_000,
    })
    await client.deleteApiKey(created.api_key_id)
    const traffic = await account.traffic()
    expect(traffic.map((entry) => [entry.method, entry.path, entry.auth])).toEqual([
      ['POST', '/trade-api/v2/api_keys', 'valid'],
      ['GET', '/trade-api/v2/api_keys', 'valid'],
      ['GET', '/trade-api/v2/portfolio/balance', 'valid'],
      ['DELETE', `/trade-api/v2/api_keys/${created.api_key_id}`, 'valid'],
    ])
    for (const entry of traffic) {
      expect(entry.headers).not.toHaveProperty('origin')
      expect(entry.headers).not.toHaveProperty('cookie')
    }
  })

  test.each([
    ['GET', '/admin'],
    ['GET', '/trade-api/v1/api_keys'],
    ['GET', '/trade-api/v2/..%2f..%2fadmin'],
    ['PATCH', '/trade-api/v2/api_keys'],
  ])('refuses %s %s', async (method, path) => {
    const response = await fetch(`${relay.url}${path}`, { method })
    expect([404, 405]).toContain(response.status)
    expect(await response.json()).toMatchObject({ error: { code: 'relay_refused' } })
  })

  test('refuses an oversized body', async () => {
    const account = await newAccount({ offSpec: true })
    const response = await fetch(`${relay.url}/trade-api/v2/api_keys`, {
      method: 'POST',
      headers: { 'kalshi-access-key': account.keyId, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(5_000) }),
    })
    expect(response.status).toBe(413)
    expect(await account.traffic()).toHaveLength(0)
  })

  test('a stalled upstream is a 504, and the upstream call is cut', async () => {
    const account = await newAccount({ offSpec: true })
    await account.inject({ action: 'hang' })
    const response = await fetch(`${relay.url}/trade-api/v2/api_keys`, {
      headers: { 'kalshi-access-key': account.keyId },
    })
    expect(response.status).toBe(504)
    await vi.waitFor(async () => expect((await account.traffic())[0]?.aborted).toBe(true), {
      timeout: 5_000,
    })
  })

  test('an origin not on the list is refused; a listed one gets its preflight', async () => {
    const account = await newAccount({ offSpec: true })
    const refused = await fetch(`${relay.url}/trade-api/v2/api_keys`, {
      headers: { origin: 'https://evil.example', 'kalshi-access-key': account.keyId },
    })
    expect(refused.status).toBe(403)
    expect(await account.traffic()).toHaveLength(0)
    const preflight = await fetch(`${relay.url}/trade-api/v2/api_keys`, {
      method: 'OPTIONS',
      headers: {
        origin: PAGE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, kalshi-access-signature',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PAGE)
  })

  if (websocket) {
    test('WebSocket sign-in: a signed page connects and echoes; unsigned or stale is refused', async () => {
      const account = await newAccount()
      const credentials = {
        keyId: account.keyId,
        privateKey: await importPrivateKey(account.privateKeyPem),
      }
      const url = `${relay.url.replace('http', 'ws')}/trade-api/ws/v2`
      expect(await openWebSocket(url, await signWebSocketProtocols(credentials))).toEqual({
        opened: true,
        protocol: 'kalshi-relay',
        echo: 'ping',
      })
      expect(await openWebSocket(url, [])).toMatchObject({ opened: false, status: 401 })
      const stale = await signWebSocketProtocols(credentials, { timestamp: Date.now() - 60_000 })
      expect(await openWebSocket(url, stale)).toMatchObject({ opened: false, status: 401 })
      const traffic = await account.traffic()
      expect(traffic.map((entry) => entry.auth)).toEqual(['valid', 'expired'])
      expect(traffic[0]?.websocket).toEqual(['ping'])
      expect(traffic[0]?.headers).not.toHaveProperty('sec-websocket-protocol')
    })
  } else {
    test('WebSocket: says it is not bridged here (501), sends nothing', async () => {
      const account = await newAccount()
      const credentials = {
        keyId: account.keyId,
        privateKey: await importPrivateKey(account.privateKeyPem),
      }
      const url = `${relay.url.replace('http', 'ws')}/trade-api/ws/v2`
      const handshake = await openWebSocket(url, await signWebSocketProtocols(credentials))
      expect(handshake).toMatchObject({ opened: false, status: 501 })
      expect(await account.traffic()).toHaveLength(0)
    })
  }
})

// Issue 17, item 5: the Worker bridge followed a redirect of the WebSocket upstream, and sent the
// signed handshake to its target. REST and the Node bridge never follow; now neither does it.
describe.each(['workerd', 'node'] as const)(
  'a WebSocket upstream that redirects (%s)',
  (runtime) => {
    const elsewhere: IncomingMessage['headers'][] = []
    const servers: Server[] = []
    let relay: RunningRelay
    const listen = async (server: Server) => {
      servers.push(server)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    }
    beforeAll(async () => {
      const record = (req: IncomingMessage) => elsewhere.push(req.headers)
      const target = createServer((req, res) => {
        record(req)
        res.writeHead(404).end()
      })
      target.on('upgrade', (req, socket) => {
        record(req)
        socket.destroy()
      })
      const to = await listen(target)
      const redirecting = createServer((_req, res) =>
        res.writeHead(307, { location: `${to}/trade-api/ws/v2` }).end(),
      )
      redirecting.on('upgrade', (_req, socket) =>
        socket.end(
          `HTTP/1.1 307 Temporary Redirect\r\nlocation: ${to}/trade-api/ws/v2\r\ncontent-length: 0\r\n\r\n`,
        ),
      )
      const from = await listen(redirecting)
      relay = await startRelay(runtime, { KALSHI_UPSTREAM: `${from}/trade-api/v2` })
    }, 60_000)
    afterAll(async () => {
      await relay?.stop()
      for (const server of servers) {
        server.closeAllConnections()
        await new Promise((resolve) => server.close(resolve))
      }
    })

    test('the signed handshake is not sent to the redirect’s target', async () => {
      const account = await newAccount({ offSpec: true })
      const credentials = {
        keyId: account.keyId,
        privateKey: await importPrivateKey(account.privateKeyPem),
      }
      const url = `${relay.url.replace('http', 'ws')}/trade-api/ws/v2`
      const handshake = await openWebSocket(url, await signWebSocketProtocols(credentials))
      expect(handshake).toMatchObject({ opened: false })
      expect(elsewhere).toEqual([])
    })
  },
)
