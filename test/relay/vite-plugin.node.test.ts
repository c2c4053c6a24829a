// kalshi-webcrypto/vite on Vite's own servers (the dev server and `vite preview`): API paths go to
// the relay with their prefix kept, WebSocket sign-ins are bridged, and everything else, Vite's
// page and its HMR socket included, stays Vite's. test/stacks drives the packed plugin in Chromium.
import { mkdtemp, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type PreviewServer, preview, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createClient, importPrivateKey, signWebSocketProtocols } from '../../src/index.js'
import kalshiRelay from '../../src/vite.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'
import { openWebSocket } from '../support/websocket.js'

const PAGE = '<!doctype html><html><body><p id="vite-page">page</p></body></html>'
let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kalshi-vite-'))
  await writeFile(join(root, 'index.html'), PAGE)
})

const servers: { kind: string; start: () => Promise<ViteDevServer | PreviewServer> }[] = [
  {
    kind: 'the dev server',
    start: async () => {
      const server = await createServer({
        root,
        configFile: false,
        logLevel: 'silent',
        plugins: [kalshiRelay({ upstream: FAKE_API_URL })],
        server: { host: '127.0.0.1', port: 0 },
      })
      return server.listen()
    },
  },
  {
    kind: 'vite preview',
    start: () =>
      preview({
        root,
        configFile: false,
        logLevel: 'silent',
        plugins: [kalshiRelay({ upstream: FAKE_API_URL })],
        // The folder itself stands for a build: it holds an index.html.
        build: { outDir: root },
        preview: { host: '127.0.0.1', port: 0 },
      }),
  },
]

describe.each(servers)('on $kind', ({ start }) => {
  let server: ViteDevServer | PreviewServer
  let origin: string
  beforeAll(async () => {
    server = await start()
    const address = server.httpServer?.address() as AddressInfo
    origin = `http://127.0.0.1:${address.port}`
  })
  afterAll(() => server?.close())

  test('a signed call goes through the relay, its prefix kept', async () => {
    const account = await newAccount()
    const client = createClient({
      baseUrl: `${origin}/trade-api/v2`,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    })
    const created = await client.createApiKeyWithDeviceKey({ name: 'vite', keyType: 'ed25519' })
    const { api_keys } = await client.getApiKeys()
    expect(api_keys.map((key) => key.api_key_id)).toContain(created.api_key_id)
    expect((await account.traffic()).map((entry) => entry.path)).toEqual([
      '/trade-api/v2/api_keys',
      '/trade-api/v2/api_keys',
    ])
  })

  test('the relay’s own rules hold there: another origin is refused', async () => {
    const response = await fetch(`${origin}/trade-api/v2/api_keys`, {
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    })
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({
      error: { code: 'relay_refused', details: { rule: 'origin' } },
    })
  })

  test('the rest is Vite’s: its page', async () => {
    const response = await fetch(`${origin}/`, { headers: { accept: 'text/html' } })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('id="vite-page"')
  })

  test('the WebSocket sign-in is bridged', async () => {
    const account = await newAccount()
    const privateKey = await importPrivateKey(account.privateKeyPem)
    const protocols = await signWebSocketProtocols({ keyId: account.keyId, privateKey })
    const handshake = await openWebSocket(
      `${origin.replace('http', 'ws')}/trade-api/ws/v2`,
      protocols,
    )
    expect(handshake).toEqual({ opened: true, protocol: 'kalshi-relay', echo: 'ping' })
  })
})

test('on the dev server, Vite’s HMR socket still answers beside the relay', async () => {
  const server = await servers[0]?.start()
  try {
    const address = server?.httpServer?.address() as AddressInfo
    const handshake = await openWebSocket(`ws://127.0.0.1:${address.port}/`, ['vite-hmr'])
    expect(handshake).toMatchObject({ opened: true, protocol: 'vite-hmr' })
    expect(JSON.parse((handshake as { echo: string }).echo)).toMatchObject({ type: 'connected' })
  } finally {
    await server?.close()
  }
})
