// What the browser engines taught us: each test here failed in at least one engine (or would,
// in a browser mode that engines ship with) before the SDK handled it. Runs in every browser.
import { afterEach, expect, inject, test, vi } from 'vitest'
import {
  createKeyStore,
  generateKeyPair,
  importPrivateKey,
  KalshiError,
  requestPersistentStorage,
  signRequest,
} from '../../src/index.js'
import { newAccount } from '../support/fake.js'

const restores: (() => void)[] = []
afterEach(() => {
  for (const restore of restores.splice(0).reverse()) restore()
  vi.useRealTimers()
})

/** Replaces `navigator.storage` for one test (WebKitGTK has none at all). */
function stubStorage(storage: unknown): void {
  const own = Object.getOwnPropertyDescriptor(navigator, 'storage')
  Object.defineProperty(navigator, 'storage', { value: storage, configurable: true })
  restores.push(() => {
    if (own) Object.defineProperty(navigator, 'storage', own)
    else Reflect.deleteProperty(navigator, 'storage')
  })
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  )
}

// Headless Firefox never settles navigator.storage.persist() (it waits on a permission prompt).
test('requestPersistentStorage gives up after its timeout when the browser never answers', async () => {
  const persist = vi.fn(() => new Promise<boolean>(() => {}))
  stubStorage({ persist })
  vi.useFakeTimers()
  const answer = requestPersistentStorage({ timeout: 10_000 })
  await vi.advanceTimersByTimeAsync(9_999)
  let settled = false
  void answer.then(() => {
    settled = true
  })
  await vi.advanceTimersByTimeAsync(0)
  expect(settled).toBe(false)
  await vi.advanceTimersByTimeAsync(1)
  expect(await answer).toBe(false)
  expect(persist).toHaveBeenCalledOnce()

  // Without options it still gives up, after its default timeout.
  const byDefault = requestPersistentStorage()
  await vi.advanceTimersByTimeAsync(3_000)
  expect(await byDefault).toBe(false)
})

test('requestPersistentStorage stops waiting when its signal aborts', async () => {
  stubStorage({ persist: () => new Promise<boolean>(() => {}) })
  const controller = new AbortController()
  const answer = requestPersistentStorage({ signal: controller.signal, timeout: 2 ** 31 - 1 })
  controller.abort()
  expect(await answer).toBe(false)
  expect(
    await requestPersistentStorage({ signal: AbortSignal.abort(), timeout: 2 ** 31 - 1 }),
  ).toBe(false)
})

test('requestPersistentStorage passes the answer on, and rejections are false', async () => {
  stubStorage({ persist: async () => true })
  expect(await requestPersistentStorage()).toBe(true)
  stubStorage({ persist: async () => false })
  expect(await requestPersistentStorage()).toBe(false)
  stubStorage({ persist: () => Promise.reject(new DOMException('no', 'NotAllowedError')) })
  expect(await requestPersistentStorage()).toBe(false)
})

// WebKitGTK has no navigator.storage.
test('requestPersistentStorage is false where there is no navigator.storage', async () => {
  stubStorage(undefined)
  expect(await requestPersistentStorage()).toBe(false)
  stubStorage({})
  expect(await requestPersistentStorage()).toBe(false)
})

// Safari in Private Browsing or Lockdown Mode throws DataCloneError when a CryptoKey is put.
test('a browser that refuses to store a CryptoKey gets ERR_KEY_STORE saying so', async () => {
  const name = `kalshi-webcrypto-test-${crypto.randomUUID()}`
  const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
    throw new DOMException('A CryptoKey cannot be cloned', 'DataCloneError')
  })
  restores.push(() => put.mockRestore())
  const store = createKeyStore({ name })
  const { privateKey } = await generateKeyPair()
  const error = await rejection(store.save('main', { keyId: 'k', privateKey }))
  expect(error).toBeInstanceOf(KalshiError)
  expect(error).toMatchObject({ code: 'ERR_KEY_STORE' })
  expect((error as Error).message).toMatch(/DataCloneError.*CryptoKeys refused/)
  expect((error as Error).cause).toMatchObject({ name: 'DataCloneError' })
  expect(await store.list()).toEqual([]) // nothing half-written

  // Other IndexedDB failures do not claim to be this one.
  put.mockImplementation(() => {
    throw new DOMException('disk full', 'QuotaExceededError')
  })
  const other = await rejection(store.save('main', { keyId: 'k', privateKey }))
  expect(other).toMatchObject({ code: 'ERR_KEY_STORE' })
  expect((other as Error).message).not.toMatch(/refuses/)
  put.mockRestore()
  indexedDB.deleteDatabase(name)
})

// A page served over plain http from a LAN address has no crypto.subtle.
test('without crypto.subtle every WebCrypto call is ERR_UNSUPPORTED_RUNTIME naming the rule', async () => {
  const { privateKey } = await generateKeyPair()
  const account = await newAccount()
  Object.defineProperty(crypto, 'subtle', { value: undefined, configurable: true })
  restores.push(() => Reflect.deleteProperty(crypto, 'subtle'))
  for (const call of [
    () => generateKeyPair(),
    () => importPrivateKey(account.privateKeyPkcs1Pem),
    () =>
      signRequest({ keyId: 'k', privateKey }, { method: 'GET', path: '/trade-api/v2/api_keys' }),
  ]) {
    const error = await rejection(call())
    expect(error).toBeInstanceOf(KalshiError)
    expect(error).toMatchObject({ code: 'ERR_UNSUPPORTED_RUNTIME' })
    expect((error as Error).message).toMatch(/use https or localhost/)
  }
})

// The real thing, where the machine has a LAN address (global-setup requires one under CI=true).
const insecureOrigin = inject('insecureOrigin')
const lanTest = insecureOrigin ? test : () => {}
lanTest(
  'a page on plain http from a LAN address gets ERR_UNSUPPORTED_RUNTIME from the bundle',
  {
    timeout: 30_000,
  },
  async () => {
    const account = await newAccount()
    const frame = document.createElement('iframe')
    const reported = new Promise<Record<string, unknown>>((resolve) => {
      addEventListener('message', function listen(event: MessageEvent) {
        if (event.source !== frame.contentWindow || !event.data?.insecureReport) return
        removeEventListener('message', listen)
        resolve(event.data.insecureReport)
      })
    })
    frame.src = `${insecureOrigin}/insecure.html?pem=${encodeURIComponent(account.privateKeyPkcs1Pem)}`
    document.body.append(frame)
    restores.push(() => frame.remove())
    const report = await reported
    expect(report).toMatchObject({ isSecureContext: false, subtle: 'undefined' })
    const failure = {
      name: 'KalshiRuntimeError',
      code: 'ERR_UNSUPPORTED_RUNTIME',
      message: expect.stringMatching(/use https or localhost/),
    }
    expect(report.calls).toEqual({ generateKeyPair: failure, importPrivateKey: failure })
  },
)
