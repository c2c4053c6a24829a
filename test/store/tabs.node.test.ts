// Two tabs of one origin (two pages of one browser context, or two windows of one WebDriver
// session), each with a client that follows the same store label, against the fake server, in
// Chromium, Firefox and WebKit: a rotation in one tab, and the other switches to the new key before
// its next call; two tabs rotating at once leave exactly one new key, which both use.
// (vitest's browser mode is one page: two tabs need Playwright and WebDriver directly.)
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, firefox } from 'playwright'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { chromiumLaunchOptions } from '../support/chromium.mjs'
import { engines } from '../support/engines.mjs'
import { type Account, FAKE_API_URL, newAccount } from '../support/fake.js'
import { firefoxLaunchOptions } from '../support/firefox.mjs'
import { forWebKitDriver, startWebKitDriver, webkitCapabilities } from '../support/webkit.mjs'

// What each tab can do, as `t` in the page: open the store and its client, rotate in the
// background, make calls. Every request the client sends is noted (`seen`) with its signer and
// status, and every announcement the tab hears after its first call (`heard`).
const tabPage = /* html */ `<!doctype html><title>tab</title><script type="module">
  import * as sdk from '/kalshi-webcrypto.esm.min.js'
  const t = (window.t = { seen: [], heard: [] })
  // t.hold(): this tab's next registration (POST) waits at t.gate until t.gate.open().
  const noted = async (input, init) => {
    const request = new Request(input, init)
    if (request.method === 'POST' && t.gate) await ((t.gate.reached = true), t.gate.held)
    const response = await fetch(request)
    const path = new URL(request.url).pathname.slice(14)
    t.seen.push(request.method + ' ' + path + ' ' + request.headers.get('kalshi-access-key') + ' ' + response.status)
    return response
  }
  t.open = async (baseUrl, name, admin) => {
    const store = sdk.createKeyStore({ name })
    if (admin)
      await store.save('main', { keyId: admin.keyId, privateKey: await sdk.importPrivateKey(admin.pem) })
    t.client = sdk.createClient({ baseUrl, store, label: 'main', fetch: noted })
    await t.client.getApiKeys()
    // Made after the client's own channel, so it hears a change after the client has.
    new BroadcastChannel('kalshi-webcrypto:' + name).onmessage = (event) => t.heard.push(event.data)
    return t.client.keyId
  }
  t.hold = () => {
    t.gate = { reached: false }
    t.gate.held = new Promise((open) => (t.gate.open = open)).then(() => (t.gate = undefined))
    return true
  }
  t.rotate = () => {
    t.rotation = sdk.rotateApiKey(t.client, { name: 'rotated', keyType: 'ed25519' }).then(
      (r) => ({ id: r.api_key_id, adopted: r.adopted === true, deleted: r.deletedKeyId ?? null }),
      (e) => ({ error: e.code + ': ' + e.message }),
    )
    return true
  }
  t.calls = async () => {
    const lists = []
    for (let i = 0; i < 3; i++) lists.push((await t.client.getApiKeys()).api_keys.map((k) => k.api_key_id))
    const balance = await t.client.request({ method: 'GET', path: '/portfolio/balance' })
    return { lists, balance, keyId: t.client.keyId }
  }
  document.title = 'ready'
</script>`

let site: Server
let siteUrl: string
beforeAll(async () => {
  const bundle = fileURLToPath(new URL('../../dist/kalshi-webcrypto.esm.min.js', import.meta.url))
  site = createServer(async (req, res) => {
    if (req.url === '/kalshi-webcrypto.esm.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      return void res.end(await readFile(bundle))
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(tabPage)
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`
})
afterAll(async () => {
  site?.closeAllConnections()
  await new Promise((resolve) => site?.close(resolve))
})

/** One tab: runs an expression in its page (awaited) and returns its JSON value. */
type Tab = <T>(expression: string) => Promise<T>
interface TwoTabs {
  open(): Promise<[Tab, Tab]>
  close(): Promise<void>
}

/** Two pages of one Playwright browser context: one origin, one IndexedDB, one set of locks. */
function playwrightTabs(launch: () => Promise<Browser>): TwoTabs {
  let browser: Browser | undefined
  let context: BrowserContext | undefined
  return {
    async open() {
      browser ??= await launch()
      await context?.close()
      context = await browser.newContext()
      const tabs: Tab[] = []
      for (let i = 0; i < 2; i++) {
        const page = await context.newPage()
        page.on('pageerror', (error) => console.error(`tab ${i}: ${error.message}`))
        await page.goto(siteUrl)
        await page.waitForFunction(() => document.title === 'ready')
        tabs.push((expression) => page.evaluate(expression))
      }
      return tabs as [Tab, Tab]
    },
    close: async () => browser?.close(),
  }
}

/** Two windows of one WebKitGTK WebDriver session, each script run in the window it is for. */
function webkitTabs(): TwoTabs {
  let driver: Awaited<ReturnType<typeof startWebKitDriver>> | undefined
  let session: WebdriverIO.Browser | undefined
  return {
    async open() {
      if (session) await session.deleteSession()
      driver ??= await startWebKitDriver()
      const { remote } = await import('webdriverio')
      const browser = await remote({
        hostname: '127.0.0.1',
        port: driver.port,
        logLevel: 'silent',
        capabilities: webkitCapabilities as WebdriverIO.Capabilities,
        transformRequest: forWebKitDriver,
      })
      session = browser
      await browser.setTimeout({ script: 60_000 })
      await browser.url(siteUrl)
      const first = await browser.getWindowHandle()
      // WebDriver's New Window (webdriverio's newWindow calls window.open, which WebKitGTK's
      // automation leaves out of the session's windows).
      const second = (await browser.createWindow('window')).handle
      await browser.switchToWindow(second)
      await browser.url(siteUrl)
      const tabs = [first, second].map(
        (handle): Tab =>
          async <T>(expression: string) => {
            await browser.switchToWindow(handle)
            await browser.waitUntil(async () => (await browser.getTitle()) === 'ready')
            const answer = (await browser.executeAsync(
              (source: string, done: (value: unknown) => void) => {
                // An indirect eval: the expression runs in the page's global scope, as Playwright's does.
                // biome-ignore lint/security/noGlobalEval: the test's own expression, run in its page
                const indirect = eval
                Promise.resolve(indirect(source)).then(
                  (value) => done({ value }),
                  (error) => done({ error: String(error) }),
                )
              },
              expression,
            )) as { value?: T; error?: string }
            if ('error' in answer) throw new Error(answer.error)
            return answer.value as T
          },
      )
      return tabs as [Tab, Tab]
    },
    async close() {
      await session?.deleteSession()
      await driver?.close()
    },
  }
}

const all: [string, () => TwoTabs][] = [
  ['chromium', () => playwrightTabs(() => chromium.launch(chromiumLaunchOptions))],
  ['firefox', () => playwrightTabs(() => firefox.launch(firefoxLaunchOptions))],
  ['webkit', webkitTabs],
]
const available = all.filter(([name]) => engines[name as keyof typeof engines].available)

/** Until the tab's expression is true (an announcement heard). */
async function until(tab: Tab, expression: string): Promise<void> {
  await expect.poll(() => tab<boolean>(expression), { timeout: 30_000 }).toBe(true)
}

/** Both tabs follow the label 'main' of a new store; the first saved the account's admin key there. */
async function openBoth(tabs: TwoTabs, account: Account): Promise<[Tab, Tab]> {
  const [a, b] = await tabs.open()
  const name = JSON.stringify(`tabs-${crypto.randomUUID()}`)
  const admin = JSON.stringify({ keyId: account.keyId, pem: account.privateKeyPem })
  const api = JSON.stringify(FAKE_API_URL)
  expect(await a(`t.open(${api}, ${name}, ${admin})`)).toBe(account.keyId)
  expect(await b(`t.open(${api}, ${name}, null)`)).toBe(account.keyId)
  return [a, b]
}

describe.each(available)('%s: two tabs, one store label', (_, make) => {
  const tabs = make()
  afterAll(() => tabs.close())

  test('a rotation in one tab: the other’s next calls all succeed with the new key, none gets a 401', {
    timeout: 90_000,
  }, async () => {
    const account = await newAccount()
    const [a, b] = await openBoth(tabs, account)
    await a('t.rotate()')
    const rotated = await a<{ id: string; adopted: boolean; deleted: string | null }>('t.rotation')
    expect(rotated).toMatchObject({ adopted: false, deleted: account.keyId })
    // The tab hears of the new key (announced before the old key was deleted).
    await until(b, 't.heard.length > 0')
    const before = (await b<string[]>('t.seen')).length
    const calls = await b<{ lists: string[][]; balance: unknown; keyId: string }>('t.calls()')
    expect(calls).toEqual({
      lists: [[rotated.id], [rotated.id], [rotated.id]],
      balance: expect.objectContaining({ balance: 10_000 }),
      keyId: rotated.id,
    })
    expect((await b<string[]>('t.seen')).slice(before)).toEqual([
      `GET api_keys ${rotated.id} 200`,
      `GET api_keys ${rotated.id} 200`,
      `GET api_keys ${rotated.id} 200`,
      `GET portfolio/balance ${rotated.id} 200`,
    ])
    expect((await account.keys()).map((key) => key.api_key_id)).toEqual([rotated.id])
  })

  test('two tabs rotating at once: exactly one new key registered, both tabs use it', {
    timeout: 90_000,
  }, async () => {
    const account = await newAccount()
    const [a, b] = await openBoth(tabs, account)
    // Both asked before either finished: each signed with the admin key when it asked. Tab a's
    // registration waits until tab b has asked (else a fast rotation could end before b asks, and
    // b would rightly rotate the new key again).
    await a('t.hold()')
    await a('t.rotate()')
    await until(a, 't.gate?.reached === true')
    await b('t.rotate()')
    await a('t.gate.open(), true')
    type Result = { id: string; adopted: boolean }
    const results = [await a<Result>('t.rotation'), await b<Result>('t.rotation')]
    for (const result of results) expect(result).not.toHaveProperty('error')
    const keys = (await account.keys()).map((key) => key.api_key_id)
    expect(keys).toHaveLength(1)
    expect(results.map((result) => result.id)).toEqual([keys[0], keys[0]])
    expect(results.filter((result) => result.adopted)).toHaveLength(1)
    for (const tab of [a, b]) {
      const calls = await tab<{ keyId: string; lists: string[][] }>('t.calls()')
      expect(calls.keyId).toBe(keys[0])
      expect(calls.lists).toEqual([keys, keys, keys])
    }
    // The tab that waited made no key: one registration in all.
    const posts = (await account.traffic()).filter((entry) => entry.method === 'POST')
    expect(posts).toHaveLength(1)
  })
})
