// A client that follows a store label, in one page of a real browser: it reads the label at its
// first call, follows saves and deletes announced on the store's BroadcastChannel, re-reads the
// store on a 401 (the fallback where BroadcastChannel is missing), and rotates one at a time (Web
// Locks), or, without Web Locks, by the store's compare-and-swap. Two tabs: tabs.node.test.ts.
import { afterEach, expect, test } from 'vitest'
import {
  type Credentials,
  createClient,
  createKeyStore,
  importPrivateKey,
  KalshiApiError,
  KalshiError,
  type KeyStore,
  rotateApiKey,
} from '../../src/index.js'
import { type Account, FAKE_API_URL, newAccount } from '../support/fake.js'

const names: string[] = []
/** A store of its own: the page hears of each database on one channel, made at its first use. */
function freshStore(): { name: string; store: KeyStore } {
  const name = `kalshi-webcrypto-follow-${crypto.randomUUID()}`
  names.push(name)
  return { name, store: createKeyStore({ name }) }
}
const restore: (() => void)[] = []
afterEach(async () => {
  for (const undo of restore.splice(0)) undo()
  await Promise.all(
    names.splice(0).map(
      (name) =>
        new Promise((resolve) => {
          const request = indexedDB.deleteDatabase(name)
          request.onsuccess = request.onerror = request.onblocked = resolve
        }),
    ),
  )
})

async function adminCredentials(account: Account): Promise<Credentials> {
  return { keyId: account.keyId, privateKey: await importPrivateKey(account.privateKeyPem) }
}

/** The next change announced on a store's channel (listened to after the client's own channel). */
function nextAnnouncement(name: string): Promise<unknown> {
  const channel = new BroadcastChannel(`kalshi-webcrypto:${name}`)
  return new Promise((resolve) => {
    channel.onmessage = (event) => {
      channel.close()
      resolve(event.data)
    }
  })
}

/** What the server saw: method, path, the key that signed, the status. */
async function signers(account: Account, from = 0): Promise<string[]> {
  return (await account.traffic())
    .slice(from)
    .map(
      (entry) =>
        `${entry.method} ${entry.path.slice(14)} ${entry.headers['kalshi-access-key']} ${entry.status}`,
    )
}

/**
 * A `fetch` that notes what each request was signed with and what came back: the server's own
 * traffic log is per account, and a request signed with a deleted key belongs to none.
 */
function recordingFetch(): { fetch: typeof fetch; seen: string[] } {
  const seen: string[] = []
  return {
    seen,
    fetch: async (input, init) => {
      const request = new Request(input, init)
      const response = await fetch(request)
      const path = new URL(request.url).pathname.slice(14)
      seen.push(
        `${request.method} ${path} ${request.headers.get('kalshi-access-key')} ${response.status}`,
      )
      return response
    },
  }
}

/** Writes a label as another tab would where nothing is announced (no BroadcastChannel there). */
function writeUnannounced(name: string, label: string, credentials: Credentials): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1)
    open.onerror = () => reject(open.error)
    open.onupgradeneeded = () => open.result.createObjectStore('credentials')
    open.onsuccess = () => {
      const transaction = open.result.transaction('credentials', 'readwrite')
      transaction.objectStore('credentials').put(credentials, label)
      transaction.oncomplete = () => {
        open.result.close()
        resolve()
      }
      transaction.onabort = () => reject(transaction.error)
    }
  })
}

function removeGlobal(owner: object, name: string): void {
  const had = Object.getOwnPropertyDescriptor(owner, name)
  Object.defineProperty(owner, name, { value: undefined, configurable: true, writable: true })
  restore.push(() => {
    if (had) Object.defineProperty(owner, name, had)
    else delete (owner as Record<string, unknown>)[name]
  })
}

test('options: a store from createKeyStore and a non-empty label, without credentials', async () => {
  const { store } = freshStore()
  const refused = (options: object) => {
    try {
      createClient({ baseUrl: FAKE_API_URL, ...options } as never)
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`
    }
    return 'made'
  }
  const rule = 'TypeError: createClient({ store, label }): '
  expect(refused({ store })).toBe(`${rule}label must be a non-empty string`)
  expect(refused({ store, label: '' })).toBe(`${rule}label must be a non-empty string`)
  expect(refused({ store, label: 7 })).toBe(`${rule}label must be a non-empty string`)
  expect(refused({ label: 'main' })).toBe(`${rule}store must be made by createKeyStore()`)
  expect(refused({ store: { ...store }, label: 'main' })).toBe(
    `${rule}store must be made by createKeyStore()`,
  )
  const credentials = { keyId: crypto.randomUUID(), privateKey: 'not read' }
  expect(refused({ store, label: 'main', credentials })).toBe(
    `${rule}no credentials: the store holds them`,
  )
  expect(refused({ store, label: 'main' })).toBe('made')
})

test('follows the label: read at the first call, again after each announced save; a delete leaves it without credentials', async () => {
  const account = await newAccount()
  const { name, store } = freshStore()
  const client = createClient({ baseUrl: FAKE_API_URL, store, label: 'main' })
  expect(client.label).toBe('main')
  expect(client.keyId).toBeUndefined()
  // Nothing there yet: the existing code, and nothing sent; it looks again at the next call.
  await expect(client.getApiKeys()).rejects.toMatchObject({ code: 'ERR_NO_CREDENTIALS' })
  await store.save('main', await adminCredentials(account))
  await client.getApiKeys()
  expect(client.keyId).toBe(account.keyId)

  const second = await account.addKey({ name: 'second' })
  const heard = nextAnnouncement(name)
  // Another store object of the same database, as another tab would have.
  await createKeyStore({ name }).save('main', {
    keyId: second.keyId,
    privateKey: await importPrivateKey(second.privateKeyPem),
  })
  expect(await heard).toBe('main')
  await client.request({ method: 'GET', path: '/portfolio/balance' })
  expect(client.keyId).toBe(second.keyId)

  const gone = nextAnnouncement(name)
  await createKeyStore({ name }).delete('main')
  await gone
  const error = await client.getApiKeys().catch((error: unknown) => error)
  expect(error).toBeInstanceOf(KalshiError)
  expect(error).toMatchObject({ code: 'ERR_NO_CREDENTIALS' })
  expect((error as Error).message).toContain('"main"')
  expect(await signers(account)).toEqual([
    `GET api_keys ${account.keyId} 200`,
    `GET portfolio/balance ${second.keyId} 200`,
  ])
})

test('a change it did not hear of: the 401 from the deleted key re-reads the store and the call is sent once more with the new key', async () => {
  const account = await newAccount()
  const { name, store } = freshStore()
  // Unannounced from the start: no message still on its way can make the client read the store.
  await writeUnannounced(name, 'main', await adminCredentials(account))
  const recording = recordingFetch()
  const client = createClient({ baseUrl: FAKE_API_URL, store, label: 'main', ...recording })
  await client.getApiKeys()
  // Another tab, without BroadcastChannel, rotates: a new key saved unannounced, the old deleted.
  const next = await account.addKey({ name: 'next' })
  await writeUnannounced(name, 'main', {
    keyId: next.keyId,
    privateKey: await importPrivateKey(next.privateKeyPem),
  })
  await createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: next.keyId, privateKey: next.privateKeyPem },
  }).deleteApiKey(account.keyId)
  // A POST too: a 401 means the API did nothing.
  const created = await client.createApiKeyWithDeviceKey({ name: 'after', keyType: 'ed25519' })
  expect((await account.keys()).map((key) => key.api_key_id)).toContain(created.api_key_id)
  expect(client.keyId).toBe(next.keyId)
  expect(recording.seen).toEqual([
    `GET api_keys ${account.keyId} 200`,
    `POST api_keys ${account.keyId} 401`,
    `POST api_keys ${next.keyId} 201`,
  ])
})

test('its first call may be createApiKeyWithDeviceKey: the key id is learnt when it signs', async () => {
  const account = await newAccount()
  const { store } = freshStore()
  await store.save('main', await adminCredentials(account))
  const client = createClient({ baseUrl: FAKE_API_URL, store, label: 'main' })
  expect(client.keyId).toBeUndefined()
  const created = await client.createApiKeyWithDeviceKey({ name: 'first', keyType: 'ed25519' })
  expect((await account.keys()).map((key) => key.api_key_id)).toContain(created.api_key_id)
  expect(client.keyId).toBe(account.keyId)
})

test('a 401 for the key the store still holds reaches the caller, sent once', async () => {
  const account = await newAccount()
  const { store } = freshStore()
  await store.save('main', await adminCredentials(account))
  const client = createClient({ baseUrl: FAKE_API_URL, store, label: 'main' })
  await account.inject({ status: 401, body: { error: { code: 'unauthorized', message: 'no' } } })
  const error = await client.getApiKeys().catch((error: unknown) => error)
  expect(error).toBeInstanceOf(KalshiApiError)
  expect(error).toMatchObject({ status: 401, code: 'unauthorized' })
  expect(await signers(account)).toEqual([`GET api_keys ${account.keyId} 401`])
})

test('without BroadcastChannel: saves still work, and a client learns of another client’s rotation on its 401', async () => {
  removeGlobal(globalThis, 'BroadcastChannel')
  expect(typeof BroadcastChannel).toBe('undefined')
  const account = await newAccount()
  const { store } = freshStore()
  await store.save('main', await adminCredentials(account))
  const rotating = createClient({ baseUrl: FAKE_API_URL, store, label: 'main' })
  const recording = recordingFetch()
  const other = createClient({ baseUrl: FAKE_API_URL, store, label: 'main', ...recording })
  await other.getApiKeys()
  const rotated = await rotateApiKey(rotating, { name: 'rotated', keyType: 'ed25519' })
  expect(rotated).toMatchObject({ deletedKeyId: account.keyId })
  const fresh = rotated.api_key_id
  expect((await store.load('main'))?.keyId).toBe(fresh)
  // It never heard of the rotation, yet no 401 reaches it.
  expect((await other.getApiKeys()).api_keys.map((key) => key.api_key_id)).toEqual([fresh])
  expect(other.keyId).toBe(fresh)
  expect(recording.seen).toEqual([
    `GET api_keys ${account.keyId} 200`,
    `GET api_keys ${account.keyId} 401`,
    `GET api_keys ${fresh} 200`,
  ])
})

/** Two clients of one page following one label rotate at the same moment. */
async function rotateTwiceAtOnce(account: Account) {
  const { store } = freshStore()
  await store.save('main', await adminCredentials(account))
  const one = createClient({ baseUrl: FAKE_API_URL, store, label: 'main' })
  const two = createClient({ baseUrl: FAKE_API_URL, store, label: 'main' })
  await Promise.all([one.getApiKeys(), two.getApiKeys()])
  const results = await Promise.all(
    [one, two].map((client) => rotateApiKey(client, { name: 'rotated', keyType: 'ed25519' })),
  )
  const keys = (await account.keys()).map((key) => key.api_key_id)
  // Exactly one key, the one the store holds, and both clients sign with it.
  expect(keys).toHaveLength(1)
  expect((await store.load('main'))?.keyId).toBe(keys[0])
  for (const client of [one, two]) {
    await client.getApiKeys()
    expect(client.keyId).toBe(keys[0])
  }
  expect(results.map((result) => result.api_key_id)).toEqual([keys[0], keys[0]])
  expect(results.filter((result) => 'adopted' in result)).toHaveLength(1)
  const posts = (await account.traffic()).filter((entry) => entry.method === 'POST')
  return { keys, posts, traffic: await signers(account) }
}

test('with Web Locks: two rotations at once make one key; the second waits and adopts it, making none', async () => {
  expect(navigator.locks).toBeDefined()
  const account = await newAccount()
  const { posts } = await rotateTwiceAtOnce(account)
  expect(posts).toHaveLength(1)
})

test('without Web Locks: two rotations at once still leave one key; the one that lost deletes its own key, signed with itself', async () => {
  removeGlobal(navigator, 'locks')
  expect(navigator.locks).toBeUndefined()
  const account = await newAccount()
  const { keys, posts, traffic } = await rotateTwiceAtOnce(account)
  // Both made a key: the old key was deleted by the winner's, the loser's key deleted itself.
  expect(posts).toHaveLength(2)
  const deletes = traffic.filter((line) => line.startsWith('DELETE'))
  expect(deletes).toHaveLength(2)
  expect(deletes).toContain(`DELETE api_keys/${account.keyId} ${keys[0]} 204`)
  const own = deletes.find((line) => line !== `DELETE api_keys/${account.keyId} ${keys[0]} 204`)
  const loser = own?.split(' ')[2]
  expect(loser).not.toBe(keys[0])
  expect(own).toBe(`DELETE api_keys/${loser} ${loser} 204`)
})

test('rotating to an extractable key is refused before anything is sent: the store keeps non-extractable keys only', async () => {
  const account = await newAccount()
  const { store } = freshStore()
  await store.save('main', await adminCredentials(account))
  const client = createClient({ baseUrl: FAKE_API_URL, store, label: 'main' })
  const error = await rotateApiKey(client, { name: 'x', extractable: true }).catch((e) => e)
  expect(error).toBeInstanceOf(KalshiError)
  expect(error).toMatchObject({ code: 'ERR_KEY_EXTRACTABLE' })
  expect(await account.traffic()).toEqual([])
  expect((await store.load('main'))?.keyId).toBe(account.keyId)
})
