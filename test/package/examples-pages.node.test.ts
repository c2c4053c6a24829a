// Playwright drives the built pages (the ESM example and the CDN one) in Chromium and Firefox
// through the whole flow against the fake server, behind the demo's relay, and fails on any page
// error. Firefox runs as a user's would: without the test prefs that answer the storage permission
// prompt, so `navigator.storage.persist()` never settles there and the page's "remember" step
// relies on requestPersistentStorage giving up after its timeout.
import { request } from 'node:http'
import { type Browser, type BrowserType, chromium, firefox, type Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CSP, startDemo } from '../../examples/demo.mjs'
import { importPrivateKey, signWebSocketProtocols } from '../../src/index.js'
import { chromiumLaunchOptions } from '../support/chromium.mjs'
import { engines } from '../support/engines.mjs'
import { firefoxLaunchOptions } from '../support/firefox.mjs'

let demo: Awaited<ReturnType<typeof startDemo>>
const browsers = new Map<string, Browser>()

const { firefoxUserPrefs: _testPrefs, ...firefoxAsUsersHaveIt } = firefoxLaunchOptions
const engineList: [string, BrowserType, Parameters<BrowserType['launch']>[0]][] = [
  ['chromium', chromium, chromiumLaunchOptions],
  ['firefox', firefox, firefoxAsUsersHaveIt],
]
const available = engineList.filter(([name]) => engines[name as keyof typeof engines].available)

beforeAll(async () => {
  demo = await startDemo()
  for (const [name, type, options] of available) browsers.set(name, await type.launch(options))
}, 60_000) // a demo and two browsers to start on a loaded 2-core machine

afterAll(async () => {
  for (const browser of browsers.values()) await browser.close()
  await demo?.close()
})

/** Has the page report every Content Security Policy violation as a console error. */
async function reportCspViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)
    })
  })
}

async function open(engine: string, path: string): Promise<{ page: Page; problems: string[] }> {
  const browser = browsers.get(engine)
  if (!browser) throw new Error(`${engine} did not start`)
  const page = await browser.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    // The API's own error answers (the flow provokes a 404) are logged as failed loads; only
    // those are expected.
    const apiAnswer = message.location().url.includes('/trade-api/v2/')
    if (message.type() === 'error' && !apiAnswer) problems.push(`console: ${message.text()}`)
  })
  await reportCspViolations(page)
  const response = await page.goto(new URL(path, demo.url).href)
  // Served under the strict policy the examples are written to hold.
  expect(response?.headers()['content-security-policy']).toBe(CSP)
  await page.waitForSelector('#app[data-ready="true"]')
  return { page, problems }
}

test('the demo answers only to its own host names (no DNS rebinding)', async () => {
  const { port } = new URL(demo.url)
  const status = (host: string) =>
    new Promise<number | undefined>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/demo-config.json', headers: { host } }, (res) => {
        res.resume()
        resolve(res.statusCode)
      })
        .on('error', reject)
        .end()
    })
  expect(await status(`127.0.0.1:${port}`)).toBe(200)
  expect(await status(`localhost:${port}`)).toBe(200)
  expect(await status(`attacker.example:${port}`)).toBe(421)
  expect(await status('attacker.example')).toBe(421)
})

// Issue 17, item 12: the demo's WebSocket upgrade had no Host check, and a cross-site no-cors POST
// switched its account's usage level.
test('the demo’s WebSocket upgrade answers only to its own host names too', async () => {
  const { port } = new URL(demo.url)
  const config = (await (await fetch(new URL('/demo-config.json', demo.url))).json()) as {
    keyId: string
    privateKeyPem: string
  }
  const protocols = await signWebSocketProtocols({
    keyId: config.keyId,
    privateKey: await importPrivateKey(config.privateKeyPem),
  })
  const upgrade = (host: string) =>
    new Promise<number | undefined>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/trade-api/ws/v2',
        headers: {
          host,
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          'sec-websocket-protocol': protocols.join(', '),
        },
      })
      req.on('upgrade', (res, socket) => {
        socket.destroy()
        resolve(res.statusCode)
      })
      req.on('response', (res) => {
        res.resume()
        resolve(res.statusCode)
      })
      req.on('error', reject)
      req.end()
    })
  expect(await upgrade(`attacker.example:${port}`)).toBe(421)
  expect(await upgrade(`127.0.0.1:${port}`)).toBe(101)
})

test('the demo account’s level changes only from the demo’s own page', async () => {
  const { port } = new URL(demo.url)
  const post = (headers: Record<string, string>) =>
    new Promise<number | undefined>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port, method: 'POST', path: '/demo-account', headers },
        (res) => {
          res.resume()
          resolve(res.statusCode)
        },
      )
        .on('error', reject)
        .end('{"usageLevel":"premier"}')
    })
  // What a cross-site page can send without a preflight: a text/plain POST, with its own Origin.
  expect(
    await post({
      'content-type': 'text/plain',
      origin: 'https://evil.example',
      host: `127.0.0.1:${port}`,
    }),
  ).toBe(403)
  expect(
    await post({
      'content-type': 'application/json',
      origin: 'https://evil.example',
      host: `127.0.0.1:${port}`,
    }),
  ).toBe(403)
  expect(
    await post({
      'content-type': 'text/plain',
      origin: `http://127.0.0.1:${port}`,
      host: `127.0.0.1:${port}`,
    }),
  ).toBe(403)
  expect(
    await post({
      'content-type': 'application/json',
      origin: `http://127.0.0.1:${port}`,
      host: `127.0.0.1:${port}`,
    }),
  ).toBe(204)
})

test('a page that breaks the policy is caught: the check can fail', async () => {
  const page = await (browsers.get('chromium') ?? [...browsers.values()][0])?.newPage()
  if (!page) throw new Error('no browser started')
  const violations: string[] = []
  page.on('console', (message) => {
    if (message.text().startsWith('CSP violation')) violations.push(message.text())
  })
  await reportCspViolations(page)
  await page.goto(new URL('examples/browser/', demo.url).href)
  await page.waitForSelector('#app[data-ready="true"]')
  // What the examples must never do: HTML from a string, an inline script.
  await page.evaluate(() => {
    try {
      document.body.innerHTML = '<b>x</b>'
    } catch {}
    try {
      const script = document.createElement('script')
      script.src = 'data:text/javascript,void 0'
      document.body.append(script)
    } catch {}
  })
  await expect.poll(() => violations.length).toBeGreaterThan(0)
  await page.close()
})

describe.each(
  available.flatMap(([engine]) => [
    [engine, 'the ESM example', 'examples/browser/'],
    [engine, 'the CDN example', 'examples/cdn/'],
  ]),
)('%s: %s', (engine, _, path) => {
  test('makes a key on the device, uses it, lists, deletes, and shows errors', {
    timeout: 30_000,
  }, async () => {
    const { page, problems } = await open(engine, path)
    await expect.poll(() => page.textContent('#who')).toContain('Signed in with API key')

    await page.click('#create')
    await expect.poll(() => page.textContent('#created')).toContain('-----BEGIN PUBLIC KEY-----')
    const created = (await page.textContent('#created')) ?? ''
    expect(created).toContain('extractable: false')
    expect(created).toContain('never left the page')
    expect(created).not.toContain('PRIVATE KEY')
    const newId = created.match(/Registered ([0-9a-f-]{36})/)?.[1]
    expect(newId).toBeDefined()

    await page.click('#use-new')
    await expect
      .poll(() => page.textContent('#used'))
      .toContain('accepted a request signed by the new key')

    await page.click('#list')
    await expect.poll(() => page.locator('#keys tr').count()).toBe(2)
    const adminId = (await page.textContent('#who'))?.match(/key ([0-9a-f-]{36})/)?.[1]
    expect(await page.isDisabled(`button[data-key-id="${adminId}"]`)).toBe(true) // the key we sign with
    await page.click(`button[data-key-id="${newId}"]`)
    await expect.poll(() => page.locator('#keys tr').count()).toBe(1)
    // The count follows the table at once, not only on the next listing.
    expect(await page.textContent('#listed')).toBe('1 key(s).')
    // The deleted key was the one in use: the page no longer offers it.
    expect(await page.textContent('#created')).not.toContain(newId)
    expect(await page.isDisabled('#use-new')).toBe(true)
    await page.click('#list')
    await expect.poll(() => page.textContent('#listed')).toBe('1 key(s).')

    await page.click('#missing')
    await expect
      .poll(() => page.textContent('#error'))
      .toContain('KalshiApiError (HTTP 404, code not_found)')

    expect(problems).toEqual([])
    await page.close()
  })

  test('remembers the device key across reloads, and rotates it', { timeout: 30_000 }, async () => {
    const { page, problems } = await open(engine, path)
    await expect.poll(() => page.textContent('#who')).toContain('Signed in with API key')
    await page.click('#create')
    await expect.poll(() => page.textContent('#created')).toContain('Registered')
    const made = (await page.textContent('#created'))?.match(/Registered ([0-9a-f-]{36})/)?.[1]

    await page.click('#remember')
    // Up to requestPersistentStorage's 3 s default timeout, where the browser never answers.
    await expect
      .poll(() => page.textContent('#remembered'), { timeout: 10_000 })
      .toContain(`Key ${made} is saved`)
    if (engine === 'firefox') {
      // Firefox held persist() on its (headless, unanswerable) permission prompt: the page went on.
      expect(await page.textContent('#remembered')).toContain('persistent storage not granted')
    }
    await page.reload()
    await page.waitForSelector('#app[data-ready="true"]')
    expect(await page.textContent('#remembered')).toBe(
      `Found key ${made}, saved in this browser (extractable: false).`,
    )
    // The key came back from IndexedDB and signs: the fake server verifies with node:crypto.
    await page.click('#use-new')
    await expect
      .poll(() => page.textContent('#used'))
      .toContain('accepted a request signed by the new key')

    await page.click('#rotate')
    await expect.poll(() => page.textContent('#rotated')).toContain(`old key ${made} was deleted`)
    const rotated = (await page.textContent('#rotated'))?.match(/new key ([0-9a-f-]{36})/)?.[1]
    expect(rotated).toBeDefined()
    expect(rotated).not.toBe(made)
    // The "created" box shows the key in use now, not the one rotation deleted.
    const shown = (await page.textContent('#created')) ?? ''
    expect(shown).not.toContain(made)
    expect(shown).toContain(rotated)
    await page.reload()
    await page.waitForSelector('#app[data-ready="true"]')
    expect(await page.textContent('#remembered')).toContain(`Found key ${rotated}`)
    await page.click('#use-new')
    await expect
      .poll(() => page.textContent('#used'))
      .toContain('accepted a request signed by the new key')

    await page.click('#forget')
    await expect.poll(() => page.textContent('#remembered')).toContain('Forgot the saved key')
    await page.reload()
    await page.waitForSelector('#app[data-ready="true"]')
    expect(await page.textContent('#remembered')).toBe('')
    // Leave the demo account as found: only its admin key.
    await page.click('#list')
    await page.click(`button[data-key-id="${rotated}"]`)
    await expect.poll(() => page.locator('#keys tr').count()).toBe(1)
    expect(problems).toEqual([])
    await page.close()
  })

  test('below Premier: the 403 says why and what works, and the server-made key does', {
    timeout: 30_000,
  }, async () => {
    const { page, problems } = await open(engine, path)
    await expect.poll(() => page.textContent('#who')).toContain('Signed in with API key')
    await page.selectOption('#level', 'basic')
    await expect.poll(() => page.textContent('#level-note')).toContain('now basic')
    try {
      await page.click('#create')
      await expect
        .poll(() => page.textContent('#error'))
        .toMatch(/HTTP 403.*Premier or Market Maker.*createApiKeyWithServerKey/)

      await page.selectOption('#key-type', 'ed25519')
      await page.click('#generate')
      await expect.poll(() => page.textContent('#created')).toContain('imported here at once')
      const created = (await page.textContent('#created')) ?? ''
      expect(created).toMatch(/Generated [0-9a-f-]{36} \(ed25519\)/)
      expect(created).toContain('extractable: false')
      expect(created).not.toContain('PRIVATE KEY')
      // Kalshi's server made this key and saw its private half: nothing on the page says otherwise.
      expect(await page.textContent('body')).not.toMatch(/never (leaves|left) the page/)
      expect(created).toContain("Kalshi's server saw its private key once")
      await page.click('#use-new')
      await expect
        .poll(() => page.textContent('#used'))
        .toContain('accepted a request signed by the new key')
      // Rotating a server-made key rotates through the server, which a Basic account may do.
      await page.click('#rotate')
      await expect.poll(() => page.textContent('#rotated')).toContain('made by the server')
      const rotated = (await page.textContent('#rotated'))?.match(/new key ([0-9a-f-]{36})/)?.[1]
      const generatedId = created.match(/Generated ([0-9a-f-]{36})/)?.[1]
      // The "created" box no longer shows the key rotation deleted, but the one in use.
      const shown = (await page.textContent('#created')) ?? ''
      expect(shown).not.toContain(generatedId)
      expect(shown).toContain(rotated)
      await page.click('#list')
      await page.click(`button[data-key-id="${rotated}"]`)
      await expect.poll(() => page.locator('#keys tr').count()).toBe(1)
    } finally {
      await page.selectOption('#level', 'premier')
      await expect.poll(() => page.textContent('#level-note')).toContain('now premier')
    }
    expect(problems).toEqual([])
    await page.close()
  })

  test("the usage level shown is the account's: after a reload, and on the other page", {
    timeout: 30_000,
  }, async () => {
    const { page, problems } = await open(engine, path)
    await expect.poll(() => page.textContent('#who')).toContain('Signed in with API key')
    try {
      await page.selectOption('#level', 'basic')
      await expect.poll(() => page.textContent('#level-note')).toContain('now basic')
      await page.reload()
      await page.waitForSelector('#app[data-ready="true"]')
      expect(await page.inputValue('#level')).toBe('basic')
      const other = await open(engine, path.includes('cdn') ? 'examples/browser/' : 'examples/cdn/')
      expect(await other.page.inputValue('#level')).toBe('basic')
      await other.page.close()
      expect(other.problems).toEqual([])
    } finally {
      await page.selectOption('#level', 'premier')
      await expect.poll(() => page.textContent('#level-note')).toContain('now premier')
    }
    await page.reload()
    await page.waitForSelector('#app[data-ready="true"]')
    expect(await page.inputValue('#level')).toBe('premier')
    expect(problems).toEqual([])
    await page.close()
  })

  test('"what left this device" lists every request, and its custody check can go red', {
    timeout: 30_000,
  }, async () => {
    const { page, problems } = await open(engine, path)
    await expect.poll(() => page.textContent('#who')).toContain('Signed in with API key')
    await page.click('#create')
    await expect.poll(() => page.textContent('#created')).toContain('Registered')
    const newId = (await page.textContent('#created'))?.match(/Registered ([0-9a-f-]{36})/)?.[1]
    await page.click('#use-new')
    await expect.poll(() => page.textContent('#used')).toContain('accepted a request')

    const entries = page.locator('#sent > li')
    const texts = await entries.allTextContents()
    const register = texts.find((text) => text.startsWith('POST /trade-api/v2/api_keys'))
    expect(register).toBeDefined()
    expect(register).toContain('-----BEGIN PUBLIC KEY-----') // the body: the public key only
    expect(register).toContain('KALSHI-ACCESS-KEY')
    // The signature is shown shortened: its first and last characters, and its length.
    const signature = register?.match(/KALSHI-ACCESS-SIGNATURE: (\S+)/)?.[1] ?? ''
    expect(signature).toMatch(/^[A-Za-z0-9+/]{6}…[A-Za-z0-9+/=]{4}$/)
    // The new key signed the last listing.
    expect(texts.at(-1)).toMatch(new RegExp(`^GET /trade-api/v2/api_keys[\\s\\S]*${newId}`))
    expect(await page.getAttribute('#custody-check', 'data-state')).toBe('clean')
    expect(await page.textContent('#custody-check')).toContain(`${texts.length} requests`)

    // Random text of the same kind passes: the check looks for the key's bytes, not for base64.
    await page.evaluate(async () => {
      const body = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(18))))
      await fetch('/trade-api/v2/exchange/status', { method: 'POST', body })
    })
    await expect.poll(() => page.locator('#sent > li').count()).toBe(texts.length + 1)
    expect(await page.getAttribute('#custody-check', 'data-state')).toBe('clean')

    // Once, on purpose: a request that carries 24 characters of the admin key's PEM body (18
    // private-key bytes) turns the check red.
    await page.evaluate(async () => {
      const { privateKeyPem } = await (await fetch('/demo-config.json')).json()
      const body = privateKeyPem.split('\n').slice(3, 4).join('').slice(10, 34)
      await fetch('/trade-api/v2/exchange/status', { method: 'POST', body })
    })
    await expect.poll(() => page.getAttribute('#custody-check', 'data-state')).toBe('breach')
    expect(await page.textContent('#custody-check')).toContain('POST /trade-api/v2/exchange/status')

    // Leave the demo account as found: only its admin key.
    await page.click('#list')
    await page.click(`button[data-key-id="${newId}"]`)
    await expect.poll(() => page.locator('#keys tr').count()).toBe(1)
    expect(problems).toEqual([])
    await page.close()
  })
})
