import { KalshiKeyError, KalshiRuntimeError } from './errors.js'
import { keySlot } from './keys/algorithm.js'
import { assertCredentials, type Credentials } from './signer.js'
import { announce, type RunTransaction, stores } from './store-channel.js'

/** Options of {@link createKeyStore}. */
export interface KeyStoreOptions {
  /** The IndexedDB database to keep credentials in. Default `'kalshi-webcrypto'`. */
  name?: string
}

/** Options of {@link KeyStore.save}, and of {@link KeyStore.load}, which applies the same rule. */
export interface SaveCredentialsOptions {
  /**
   * Store (or load) an extractable private key anyway. Off by default: the store exists to keep
   * keys that no script can read, and an extractable key can be read by any script of the page.
   */
  allowExtractable?: boolean
}

/**
 * Credentials kept in this browser's IndexedDB. The `CryptoKey` itself is stored (structured
 * clone), so a non-extractable key stays non-extractable after a reload. Make one with
 * {@link createKeyStore}.
 */
export interface KeyStore {
  /**
   * Keeps credentials under a label, replacing what was there.
   *
   * @throws {KalshiKeyError} `ERR_KEY_EXTRACTABLE` for an extractable key without `allowExtractable`.
   * @throws {TypeError} for a PEM string or anything else that is not a private RSA-PSS `CryptoKey`.
   * @example
   * ```ts
   * const created = await client.createApiKeyWithDeviceKey({ name: 'laptop' })
   * await store.save('main', created.credentials)
   * ```
   */
  save(label: string, credentials: Credentials, options?: SaveCredentialsOptions): Promise<void>
  /**
   * The credentials saved under a label, or `undefined`. What is read is checked as on the way in
   * (any script of the page can write to the database): an extractable key is refused unless
   * `allowExtractable`, as `save` does.
   *
   * @throws {KalshiKeyError} `ERR_KEY_EXTRACTABLE` for an extractable key without `allowExtractable`.
   * @example
   * ```ts
   * const credentials = await store.load('main')
   * const client = credentials ? createClient({ credentials }) : undefined
   * const backedUp = await store.load('backup', { allowExtractable: true }) // saved so on purpose
   * ```
   */
  load(label: string, options?: SaveCredentialsOptions): Promise<Credentials | undefined>
  /**
   * Forgets the credentials saved under a label; `true` if there were any. The API key itself
   * stays registered: delete it with `client.deleteApiKey` first.
   *
   * @example
   * ```ts
   * const credentials = await store.load('main')
   * if (credentials) await client.deleteApiKey(credentials.keyId)
   * await store.delete('main')
   * ```
   */
  delete(label: string): Promise<boolean>
  /**
   * The labels in the store, sorted.
   *
   * @example
   * ```ts
   * for (const label of await store.list()) console.log(label, (await store.load(label))?.keyId)
   * ```
   */
  list(): Promise<string[]>
}

const TABLE = 'credentials'

/**
 * Opens a store of credentials in this browser's IndexedDB. Nothing is opened until the first
 * call, and where IndexedDB does not exist (Node) each call rejects with a `KalshiRuntimeError`
 * `ERR_UNSUPPORTED_RUNTIME`, so making a store during server-side rendering is harmless.
 *
 * Failures of IndexedDB itself (a full disk, a database of the same name made by other code, a
 * browser that refuses to store a `CryptoKey` as Safari does in Private Browsing) reject with a
 * `KalshiRuntimeError` `ERR_KEY_STORE` that says so, the browser's error as its `cause`.
 *
 * @example
 * ```ts
 * import { createClient, createKeyStore } from 'kalshi-webcrypto'
 *
 * const store = createKeyStore()
 * const credentials = await store.load('main')
 * if (credentials) {
 *   const client = createClient({ credentials })
 *   await client.getApiKeys()
 * }
 * ```
 */
export function createKeyStore(options: KeyStoreOptions = {}): KeyStore {
  const name = options.name ?? 'kalshi-webcrypto'
  let opened: Promise<IDBDatabase> | undefined

  // One transaction; resolves when it has committed, so a saved key is on disk once save() is done.
  const run: RunTransaction = async (mode, body, ...label) => {
    if (label.length && (typeof label[0] !== 'string' || !label[0]))
      throw new TypeError('label must be a non-empty string')
    if (typeof indexedDB === 'undefined')
      throw new KalshiRuntimeError('ERR_UNSUPPORTED_RUNTIME', 'A key store needs IndexedDB')
    try {
      if (!opened) {
        const opening: Promise<IDBDatabase> = new Promise((resolve, reject) => {
          const open = indexedDB.open(name, 1)
          // Forgotten when it fails, is closed by the browser (site data cleared), or must give way
          // to another tab deleting or upgrading the database: the next call opens it again.
          const forget = () => {
            if (opened === opening) opened = undefined
          }
          open.onupgradeneeded = () => open.result.createObjectStore(TABLE)
          open.onsuccess = () => {
            const database = open.result
            database.onclose = forget
            database.onversionchange = () => {
              database.close()
              forget()
            }
            resolve(database)
          }
          open.onerror = () => {
            forget()
            reject(open.error)
          }
        })
        opened = opening
      }
      const transaction = (await opened).transaction(TABLE, mode)
      const request = body(transaction.objectStore(TABLE))
      return await new Promise((resolve, reject) => {
        transaction.oncomplete = () => resolve(request.result)
        transaction.onabort = () => reject(transaction.error)
      })
    } catch (cause) {
      // Safari in Private Browsing or Lockdown Mode cannot clone a CryptoKey into IndexedDB.
      const refused = (cause as Error)?.name === 'DataCloneError' ? ' (CryptoKeys refused)' : ''
      throw new KalshiRuntimeError('ERR_KEY_STORE', `Key store ${name}: ${cause}${refused}`, {
        cause,
      })
    }
  }

  const store: KeyStore = {
    async save(label, credentials, saveOptions) {
      const record = checked(credentials, saveOptions)
      await run('readwrite', (table) => table.put(record, label), label)
      announce(name, label) // Many tabs
    },
    async load(label, loadOptions) {
      const found = await run('readonly', (table) => table.get(label), label)
      // Checked as on the way in: the database is the page's, any of its scripts may write to it.
      return found === undefined ? undefined : checked(found, loadOptions)
    },
    async delete(label) {
      // Counted and deleted in one transaction, so the answer is about this very deletion.
      const count = await run(
        'readwrite',
        (table) => {
          const counted = table.count(label)
          table.delete(label)
          return counted
        },
        label,
      )
      announce(name, label) // Many tabs
      return count > 0
    },
    async list() {
      // Only labels this API could have written: other code may use other kinds of keys.
      return (await run('readonly', (table) => table.getAllKeys())).filter(
        (label): label is string => typeof label === 'string',
      )
    },
  }
  stores.set(store, [name, run, checked]) // Many tabs
  return store
}

/** One key policy for what goes in and what comes out: a signing key, extractable only if allowed. */
function checked(credentials: unknown, options?: SaveCredentialsOptions): Credentials {
  const record = assertCredentials(credentials)
  if (keySlot(record.privateKey, 'extractable') && !options?.allowExtractable) {
    throw new KalshiKeyError(
      'ERR_KEY_EXTRACTABLE',
      'Extractable key: pass { allowExtractable: true }',
    )
  }
  return record
}

/** Options of {@link requestPersistentStorage}. */
export interface PersistentStorageOptions {
  /**
   * How long to wait for the browser's answer, in milliseconds. Default 3000. A browser may hold
   * the answer until the user answers a prompt (headless Firefox holds it forever): past this time
   * the answer is `false`, and the prompt may still be answered later (`navigator.storage.persisted()`
   * tells). To wait for the user, pass a long one (at most 2,147,483,647, as for `setTimeout`),
   * with a `signal` to stop earlier.
   */
  timeout?: number
  /** Stops waiting when it aborts: the answer is then `false`. */
  signal?: AbortSignal
}

/**
 * Asks the browser to keep this site's storage, and so the key store, when it runs short of space
 * (best effort: whether it also exempts the site from Safari's deletion of script-written storage
 * after 7 days without a visit is up to the browser). `true` if the storage is now persistent;
 * `false` where it was refused, where the runtime has no such notion (Node, WebKitGTK), or when no
 * answer came within `timeout` or before `signal` aborted: it never waits longer than that.
 *
 * @example
 * ```ts
 * const store = createKeyStore()
 * await store.save('main', created.credentials)
 * if (!(await requestPersistentStorage({ timeout: 10_000 })))
 *   console.warn('The browser may evict the saved key')
 * ```
 */
export async function requestPersistentStorage({
  signal,
  timeout = 3000,
}: PersistentStorageOptions = {}): Promise<boolean> {
  try {
    // The first to come wins; anything but the browser's `true` (its refusal or error, the abort
    // event, the timeout) is false. Throws at once where there is no navigator.storage (Node,
    // Deno, Bun, WebKitGTK): false too.
    const answer = await new Promise((resolve) => {
      navigator.storage.persist().then(resolve, resolve)
      signal?.addEventListener('abort', resolve)
      if (signal?.aborted) resolve(0)
      setTimeout(resolve, timeout)
    })
    return answer === true
  } catch {
    return false
  }
}
