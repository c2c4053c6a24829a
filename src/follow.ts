// Many tabs, one account: a client that signs with what a key store holds under a label, follows
// it when it changes (in this tab or another), and rotates it one tab at a time.
import { KalshiCredentialsError } from './errors.js'
import { type KeyType, keyTypeOf } from './keys/algorithm.js'
import type { Credentials } from './signer.js'
import { announce, CHANNEL, stores } from './store-channel.js'
import { changes, withLock } from './tabs.js'

/**
 * What `rotateApiKey` returns on a client that follows a store label when another rotation (in
 * another tab, most often) replaced the key first: the key this client now signs with. This call
 * made no key and deleted none.
 */
export interface AdoptedApiKey {
  /** The id of the key now saved under the label. */
  api_key_id: string
  /** `rsa` or `ed25519`. */
  keyType: KeyType
  /** The key saved under the label, which the client signs with from now on. */
  credentials: Credentials
  /** Always `true`: the key was found in the store, rotated by someone else. */
  adopted: true
}

/** The credentials of a client made with `{ store, label }`, and what rotation needs of them. */
export interface Follower {
  readonly label: string
  /** The id of the key last read from the store. */
  keyId: string | undefined
  /** The stored credentials, read again when the store announced a change (or `fresh`). */
  credentials(fresh?: boolean): Promise<Credentials>
  /** On a 401 for the key `used`: whether the store now holds another key, to send the call again with. */
  renew(used: string | null): Promise<boolean>
  /** Runs a rotation from the stored key under the label's Web Lock, unless the key was already rotated. */
  rotate<T>(
    run: (old: Credentials) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<T | AdoptedApiKey>
  /** Saves `next` under the label (and announces it) if the store still holds the key `old`. */
  swap(old: string, next: Credentials): Promise<boolean>
  /** The key the store holds now if it is not `old` (another rotation's), else `undefined`. */
  moved(old: string): Promise<AdoptedApiKey | undefined>
}

/** The clients made with `{ store, label }`, and what they follow. */
export const followers: WeakMap<object, Follower> = new WeakMap()

/**
 * The follower of `createClient({ store, label })`; options checked here, before any request.
 *
 * @throws {TypeError} for a store not made by `createKeyStore`, a label that is not a non-empty
 *   string, or credentials given as well.
 */
export function createFollower(store: unknown, label: unknown, credentials: unknown): Follower {
  const made = stores.get(store as object)
  const refuse = (rule: string) => new TypeError(`createClient({ store, label }): ${rule}`)
  if (!made) throw refuse('store must be made by createKeyStore()')
  if (typeof label !== 'string' || !label) throw refuse('label must be a non-empty string')
  if (credentials !== undefined) throw refuse('no credentials: the store holds them')
  const [name, run, checked] = made
  let loaded: Promise<Credentials | undefined> | undefined
  let seen = 0
  const adopt = (found: Credentials): AdoptedApiKey => ({
    api_key_id: found.keyId,
    keyType: keyTypeOf(found.privateKey) as KeyType,
    credentials: found,
    adopted: true,
  })
  const follower: Follower = {
    label,
    keyId: undefined,
    async credentials(fresh) {
      // Read before the store is: a change announced while it is read makes the next call read again.
      const count = changes(name)
      if (fresh || !loaded || count !== seen) {
        seen = count
        loaded = (store as { load(label: string): Promise<Credentials | undefined> }).load(label)
      }
      const pending = loaded
      try {
        const found = await pending
        follower.keyId = found?.keyId
        if (found) return found
        throw new KalshiCredentialsError(
          `This client has no credentials: nothing is saved under "${label}" in the key store ${name}`,
        )
      } catch (error) {
        // Nothing there (yet), or a failed read: the next call looks again.
        if (loaded === pending) loaded = undefined
        throw error
      }
    },
    // A 401 is cheap to double-check: one read of the store, which another tab may have changed
    // without this one hearing of it (no BroadcastChannel, or the message still on its way).
    renew: (used) =>
      follower.credentials(true).then(
        (found) => found.keyId !== used,
        () => false,
      ),
    async rotate(task, signal) {
      // The key this client signed with when it asked: if the store holds another once the lock is
      // ours, a rotation happened meanwhile, and its key is taken instead of making one more.
      const asked = (await follower.credentials()).keyId
      return withLock(`${CHANNEL}${name}/${label}`, signal, async () => {
        const stored = await follower.credentials(true)
        return stored.keyId === asked ? task(stored) : adopt(stored)
      })
    },
    async swap(old, next) {
      const record = checked(next)
      // One transaction, which IndexedDB serialises across tabs: put only over the old key.
      const before = await run(
        'readwrite',
        (table) => {
          const found = table.get(label)
          found.onsuccess = () => {
            if (found.result?.keyId === old) table.put(record, label)
          }
          return found
        },
        label,
      )
      if (before?.keyId !== old) return false
      announce(name, label)
      loaded = Promise.resolve(record)
      seen = changes(name)
      follower.keyId = record.keyId
      return true
    },
    moved: (old) =>
      follower.credentials(true).then(
        (found) => (found.keyId === old ? undefined : adopt(found)),
        () => undefined,
      ),
  }
  return follower
}
