// The key store in a real browser: IndexedDB keeps the CryptoKey itself, so a non-extractable key
// comes back non-extractable, and still signs requests the fake server (node:crypto) accepts.
import { afterEach, expect, test } from 'vitest'
import {
  createClient,
  createKeyStore,
  generateKeyPair,
  importPrivateKey,
  KalshiError,
  KalshiKeyError,
  type KeyStore,
  requestPersistentStorage,
} from '../../src/index.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'
import { smallRsaKeyPair } from '../support/keys.js'

const names: string[] = []
function freshName(): string {
  const name = `kalshi-webcrypto-test-${crypto.randomUUID()}`
  names.push(name)
  return name
}
afterEach(async () => {
  // The store gives way to a deletion (it closes on versionchange), so this never blocks.
  await Promise.all(
    names.splice(0).map(
      (name) =>
        new Promise((resolve, reject) => {
          const request = indexedDB.deleteDatabase(name)
          request.onsuccess = resolve
          request.onerror = () => reject(request.error)
          request.onblocked = () => reject(new Error(`deleting ${name} was blocked`))
        }),
    ),
  )
})

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  )
}

test('a saved key, loaded by a new store, is still non-extractable and signs accepted requests', async () => {
  const account = await newAccount()
  const name = freshName()
  const privateKey = await importPrivateKey(account.privateKeyPkcs1Pem)
  await createKeyStore({ name }).save('main', { keyId: account.keyId, privateKey })

  const loaded = await createKeyStore({ name }).load('main')
  expect(loaded?.keyId).toBe(account.keyId)
  expect(loaded?.privateKey).not.toBe(privateKey) // a structured clone, not the same object
  expect(loaded?.privateKey.extractable).toBe(false)
  expect(loaded?.privateKey.type).toBe('private')
  await expect(crypto.subtle.exportKey('pkcs8', loaded?.privateKey as CryptoKey)).rejects.toThrow()

  const client = createClient({
    baseUrl: FAKE_API_URL,
    credentials: loaded as NonNullable<typeof loaded>,
  })
  const { api_keys } = await client.getApiKeys()
  expect(api_keys.map((key) => key.api_key_id)).toEqual([account.keyId])
  expect((await account.traffic()).map((entry) => entry.auth)).toEqual(['valid'])
})

test('an Ed25519 key made here, saved and loaded by a new store, stays non-extractable and signs', async () => {
  const account = await newAccount({ usageLevel: 'basic' })
  const admin = createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  const { credentials } = await admin.createApiKeyWithServerKey({ name: 'ed', keyType: 'ed25519' })
  const name = freshName()
  await createKeyStore({ name }).save('main', credentials)

  const loaded = await createKeyStore({ name }).load('main')
  expect(loaded?.privateKey).toMatchObject({ extractable: false, algorithm: { name: 'Ed25519' } })
  await expect(crypto.subtle.exportKey('pkcs8', loaded?.privateKey as CryptoKey)).rejects.toThrow()
  await createClient({
    baseUrl: FAKE_API_URL,
    credentials: loaded as NonNullable<typeof loaded>,
  }).getApiKeys()
  expect((await account.traffic()).at(-1)).toMatchObject({
    auth: 'valid',
    headers: { 'kalshi-access-key': credentials.keyId },
  })
})

test('list, replace and delete', async () => {
  const store = createKeyStore({ name: freshName() })
  const { privateKey } = await generateKeyPair()
  expect(await store.list()).toEqual([])
  expect(await store.load('nothing')).toBeUndefined()
  await store.save('zeta', { keyId: 'key-z', privateKey })
  await store.save('alpha', { keyId: 'key-a', privateKey })
  await store.save('alpha', { keyId: 'key-a2', privateKey })
  expect(await store.list()).toEqual(['alpha', 'zeta'])
  expect((await store.load('alpha'))?.keyId).toBe('key-a2')

  expect(await store.delete('alpha')).toBe(true)
  expect(await store.delete('alpha')).toBe(false)
  expect(await store.load('alpha')).toBeUndefined()
  expect(await store.list()).toEqual(['zeta'])
})

test('stores of different names do not share keys', async () => {
  const { privateKey } = await generateKeyPair()
  const one = createKeyStore({ name: freshName() })
  const two = createKeyStore({ name: freshName() })
  await one.save('main', { keyId: 'one', privateKey })
  expect(await two.list()).toEqual([])
  expect(await two.load('main')).toBeUndefined()
})

test('refuses PEM text, public keys, bad ids and bad labels, storing nothing', async () => {
  const account = await newAccount()
  const store = createKeyStore({ name: freshName() })
  const pair = await generateKeyPair()
  const save = (label: unknown, credentials: unknown) =>
    rejection(store.save(label as string, credentials as Parameters<KeyStore['save']>[1]))

  expect(
    await save('main', { keyId: account.keyId, privateKey: account.privateKeyPem }),
  ).toBeInstanceOf(TypeError)
  expect(await save('main', { keyId: 'k', privateKey: pair.publicKey })).toMatchObject({
    name: 'KalshiKeyError',
    code: 'ERR_KEY_UNSUPPORTED',
  })
  expect(await save('main', { keyId: 'two\nlines', privateKey: pair.privateKey })).toBeInstanceOf(
    TypeError,
  )
  expect(await save('main', undefined)).toBeInstanceOf(TypeError)
  expect(await save('', { keyId: 'k', privateKey: pair.privateKey })).toBeInstanceOf(TypeError)
  expect(await save(7, { keyId: 'k', privateKey: pair.privateKey })).toBeInstanceOf(TypeError)
  expect(await rejection(store.load(''))).toBeInstanceOf(TypeError)
  expect(await rejection(store.delete(undefined as unknown as string))).toBeInstanceOf(TypeError)
  expect(await store.list()).toEqual([])
})

test('refuses an extractable key unless the caller opts in', async () => {
  const store = createKeyStore({ name: freshName() })
  const { privateKey } = await generateKeyPair({ extractable: true })
  const error = await rejection(store.save('main', { keyId: 'k', privateKey }))
  expect(error).toBeInstanceOf(KalshiKeyError)
  expect(error).toMatchObject({ code: 'ERR_KEY_EXTRACTABLE' })
  expect(await store.list()).toEqual([])

  await store.save('main', { keyId: 'k', privateKey }, { allowExtractable: true })
  // The same rule on the way out: an extractable key comes back only to a caller who opts in.
  expect(await rejection(store.load('main'))).toMatchObject({ code: 'ERR_KEY_EXTRACTABLE' })
  const loaded = await store.load('main', { allowExtractable: true })
  expect(loaded?.privateKey.extractable).toBe(true)
})

test('one key policy: RSA under 2048 bits is refused on the way in and on the way out', async () => {
  const name = freshName()
  const small = await smallRsaKeyPair()
  const store = createKeyStore({ name })
  expect(
    await rejection(store.save('main', { keyId: 'k', privateKey: small.privateKey })),
  ).toMatchObject({
    code: 'ERR_KEY_TOO_SMALL',
  })
  await store.list()
  await writeDirectly(name, 'other', { keyId: 'k', privateKey: small.privateKey })
  expect(await rejection(store.load('other'))).toMatchObject({ code: 'ERR_KEY_TOO_SMALL' })
})

test('list() gives only string labels, whatever other code put in the database', async () => {
  const name = freshName()
  const store = createKeyStore({ name })
  const { privateKey } = await generateKeyPair({ keyType: 'ed25519' })
  await store.save('mine', { keyId: 'k', privateKey })
  await writeDirectly(name, 7, 'a number as a key')
  await writeDirectly(name, ['an', 'array'], 'an array as a key')
  expect(await store.list()).toEqual(['mine'])
})

/** Writes a record as other code of the page could, around the store. */
function writeDirectly(name: string, key: IDBValidKey, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1)
    open.onsuccess = () => {
      const transaction = open.result.transaction('credentials', 'readwrite')
      transaction.objectStore('credentials').put(value, key)
      transaction.oncomplete = () => {
        open.result.close()
        resolve()
      }
      transaction.onerror = () => reject(transaction.error)
    }
    open.onerror = () => reject(open.error)
  })
}

test('what other code wrote into the database is refused on the way out', async () => {
  const name = freshName()
  const store = createKeyStore({ name })
  await store.list() // creates the database
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open(name, 1)
    open.onsuccess = () => {
      const transaction = open.result.transaction('credentials', 'readwrite')
      transaction.objectStore('credentials').put({ keyId: 'k', privateKey: 'a PEM' }, 'main')
      transaction.objectStore('credentials').put(0, 'zero')
      transaction.oncomplete = () => {
        open.result.close()
        resolve()
      }
      transaction.onerror = () => reject(transaction.error)
    }
    open.onerror = () => reject(open.error)
  })
  expect(await rejection(store.load('main'))).toBeInstanceOf(TypeError)
  expect(await rejection(store.load('zero'))).toBeInstanceOf(TypeError)
})

test('a database of the same name made by other code gives ERR_KEY_STORE, with the cause', async () => {
  const name = freshName()
  await new Promise<void>((resolve, reject) => {
    const open = indexedDB.open(name, 1)
    open.onupgradeneeded = () => open.result.createObjectStore('something-else')
    open.onsuccess = () => {
      open.result.close()
      resolve()
    }
    open.onerror = () => reject(open.error)
  })
  const error = await rejection(createKeyStore({ name }).list())
  expect(error).toBeInstanceOf(KalshiError)
  expect(error).toMatchObject({ code: 'ERR_KEY_STORE' })
  expect((error as Error).cause).toBeInstanceOf(DOMException)
})

test('requestPersistentStorage reports what the browser decided', async () => {
  const granted = await requestPersistentStorage()
  expect(typeof granted).toBe('boolean')
  // WebKitGTK has no navigator.storage: nothing is persistent there.
  expect(granted).toBe((await navigator.storage?.persisted()) ?? false)
})

// Issue 17, item 11: an own property shadowing the key's own `extractable` or `algorithm` passed
// `save` (only `load` caught it). The store now reads the key itself.
test('save judges the key itself, not an own property laid over it', async () => {
  const store = createKeyStore({ name: freshName() })
  const { privateKey } = await generateKeyPair({ keyType: 'ed25519', extractable: true })
  Object.defineProperty(privateKey, 'extractable', { value: false })
  expect(await rejection(store.save('main', { keyId: 'k', privateKey }))).toMatchObject({
    code: 'ERR_KEY_EXTRACTABLE',
  })
  const small = (await smallRsaKeyPair()).privateKey
  Object.defineProperty(small, 'algorithm', {
    value: { name: 'RSA-PSS', hash: { name: 'SHA-256' }, modulusLength: 2048 },
  })
  expect(await rejection(store.save('main', { keyId: 'k', privateKey: small }))).toMatchObject({
    code: 'ERR_KEY_TOO_SMALL',
  })
  expect(await store.list()).toEqual([])
})
