// A page in Chromium, using the built SDK, reaches the fake server through the relay: in workerd
// (the Worker deployment, from another origin on its list), and through the Node relay with a
// recorder on everything it is given, for the custody audit: no byte of the page's private key
// is in anything the relay saw, requests, headers, bodies and WebSocket bytes alike.
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type Browser, chromium } from 'playwright'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createRelay, type RelayHandler } from '../../src/relay/index.js'
import { toNodeListener, toNodeUpgradeListener } from '../../src/relay/node.js'
import { chromiumLaunchOptions } from '../support/chromium.mjs'
import { type Account, FAKE_API_URL, newAccount } from '../support/fake.js'
import { type RunningRelay, startRelay } from '../support/relay-runtimes.js'
import { encodings, secretsOfJwk } from '../support/secrets.js'

const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url))
let browser: Browser
let site: Server
let siteUrl: string

beforeAll(async () => {
  // The app's own origin: a blank page and the built bundle.
  site = createServer(async (req, res) => {
    if (req.url === '/kalshi-webcrypto.esm.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      return void res.end(await readFile(dist('kalshi-webcrypto.esm.min.js')))
    }
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        '<!doctype html><title>app</title><script type="module">' +
          "import * as sdk from '/kalshi-webcrypto.esm.min.js'; window.sdk = sdk</script>",
      )
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`
  browser = await chromium.launch(chromiumLaunchOptions)
})
afterAll(async () => {
  await browser?.close()
  site?.closeAllConnections()
  await new Promise((resolve) => site?.close(resolve))
})

interface PageRun {
  keys: number
  balance: unknown
  protocol: string
  echo: string
  jwk: JsonWebKey
  spki: string
}

/** In the page: a device key registered through the relay, then used for REST and WebSocket. */
async function runInPage(relayUrl: string, account: Account): Promise<PageRun> {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${siteUrl}/`)
  await page.waitForFunction(() => 'sdk' in window)
  const run = await page.evaluate(
    async ({ relayUrl, keyId, pem }) => {
      const sdk = (window as unknown as { sdk: typeof import('../../src/index.js') }).sdk
      const baseUrl = `${relayUrl}/trade-api/v2`
      const admin = sdk.createClient({ baseUrl, credentials: { keyId, privateKey: pem } })
      const created = await admin.createApiKeyWithDeviceKey({ name: 'page', extractable: true })
      const user = sdk.createClient({ baseUrl, credentials: created.credentials })
      const { api_keys } = await user.getApiKeys()
      const balance = await user.request({ method: 'GET', path: '/portfolio/balance' })
      const socket = new WebSocket(
        `${relayUrl.replace('http', 'ws')}/trade-api/ws/v2`,
        await sdk.signWebSocketProtocols(created.credentials),
      )
      const echo = await new Promise<string>((resolve, reject) => {
        socket.onopen = () => socket.send('hello from the page')
        socket.onmessage = (event) => resolve(String(event.data))
        socket.onerror = () => reject(new Error('the WebSocket failed'))
      })
      const protocol = socket.protocol
      socket.close()
      const spki = new Uint8Array(await crypto.subtle.exportKey('spki', created.keyPair.publicKey))
      return {
        keys: api_keys.length,
        balance,
        protocol,
        echo,
        jwk: await crypto.subtle.exportKey('jwk', created.keyPair.privateKey),
        spki: btoa(String.fromCharCode(...spki)),
      }
    },
    {
      relayUrl,
      keyId: account.keyId,
      pem: account.privateKeyPem,
    },
  )
  await page.close()
  expect(errors).toEqual([])
  return run
}

describe('a page through the relay in workerd', () => {
  let relay: RunningRelay
  beforeAll(async () => {
    relay = await startRelay('workerd', {
      KALSHI_UPSTREAM: FAKE_API_URL,
      RELAY_ALLOWED_ORIGINS: siteUrl,
    })
  }, 60_000)
  afterAll(() => relay?.stop())

  test('registers a device key, lists, reads a portfolio endpoint and signs in on the WebSocket', {
    timeout: 30_000,
  }, async () => {
    const account = await newAccount()
    const run = await runInPage(relay.url, account)
    expect(run).toMatchObject({
      keys: 2,
      balance: { balance: 10_000 },
      protocol: 'kalshi-relay',
      echo: 'hello from the page',
    })
    const traffic = await account.traffic()
    expect(traffic.map((entry) => [entry.method, entry.path, entry.auth])).toEqual([
      ['POST', '/trade-api/v2/api_keys', 'valid'],
      ['GET', '/trade-api/v2/api_keys', 'valid'],
      ['GET', '/trade-api/v2/portfolio/balance', 'valid'],
      ['GET', '/trade-api/ws/v2', 'valid'],
    ])
    for (const entry of traffic) expect(entry.headers).not.toHaveProperty('origin')
  })
})

describe('the custody audit, extended to the relay', () => {
  const seen: string[] = []
  let relayServer: Server
  let relayUrl: string
  beforeAll(async () => {
    const relay = createRelay({ upstream: FAKE_API_URL, allowedOrigins: [siteUrl] })
    // Everything the relay is given: each request whole, each handshake, each WebSocket byte.
    const recording: RelayHandler = async (request) => {
      const copy = request.clone()
      seen.push(request.method, request.url, JSON.stringify([...request.headers]))
      seen.push(await copy.text())
      return relay(request)
    }
    const upgrade = toNodeUpgradeListener(relay)
    relayServer = createServer(toNodeListener(recording))
    relayServer.on('upgrade', (req: IncomingMessage, socket, head) => {
      seen.push(req.url ?? '', JSON.stringify(req.headers), head.toString('latin1'))
      socket.on('data', (chunk: Buffer) => seen.push(chunk.toString('latin1')))
      upgrade(req, socket, head)
    })
    await new Promise<void>((resolve) => relayServer.listen(0, '127.0.0.1', resolve))
    relayUrl = `http://127.0.0.1:${(relayServer.address() as AddressInfo).port}`
  })
  afterAll(() => {
    relayServer.closeAllConnections()
    return new Promise((resolve) => relayServer.close(resolve))
  })

  test('no byte of the page’s private key is in anything the relay saw', {
    timeout: 30_000,
  }, async () => {
    const account = await newAccount()
    const run = await runInPage(relayUrl, account)
    expect(run).toMatchObject({ keys: 2, echo: 'hello from the page' })
    const all = seen.join('\n')
    // It saw the signed calls: a preflight, then the calls (the handshake among them).
    expect(all).toContain('kalshi-signature.')
    expect(all).toContain('/trade-api/v2/portfolio/balance')
    const secrets = secretsOfJwk(run.jwk)
    expect(secrets.length).toBeGreaterThan(2_000)
    for (const secret of secrets) expect(all.includes(secret), secret.slice(0, 12)).toBe(false)
    // The search finds what was sent: windows of the registered public key.
    const spki = Uint8Array.from(atob(run.spki), (c) => c.charCodeAt(0))
    expect(encodings(spki.subarray(3, 43)).some((encoded) => all.includes(encoded))).toBe(true)
  })
})
