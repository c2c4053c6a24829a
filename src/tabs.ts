// Many tabs, one account: what a page hears of the other tabs of its origin (BroadcastChannel), and
// the lock that lets one of them at a time rotate a stored key (Web Locks).
import { CHANNEL } from './store-channel.js'

/** Per key store database: the page's one listening channel, and how many changes it heard of. */
const heard = new Map<string, { count: number; channel?: BroadcastChannel }>()

/**
 * How many changes of the store `name` this page has heard of: a client re-reads its label when
 * the count has moved. One channel per database for the whole page, however many clients follow
 * it. Where BroadcastChannel is missing the count never moves (clients learn of a change on a 401,
 * see follow.ts); where IndexedDB is (Node) no channel is opened, so none keeps a process alive.
 */
export function changes(name: string): number {
  let entry = heard.get(name)
  if (!entry) {
    const made: { count: number; channel?: BroadcastChannel } = { count: 0 }
    heard.set(name, made)
    try {
      if (typeof indexedDB === 'object') {
        made.channel = new BroadcastChannel(CHANNEL + name)
        // Any message, from any script of the origin: it can only make clients re-read the store,
        // which checks what it reads.
        made.channel.onmessage = () => made.count++
      }
    } catch {}
    entry = made
  }
  return entry.count
}

/**
 * Runs `task` holding the Web Lock `name`, so that the other tabs of the origin asking for it wait.
 * Where Web Locks are missing (Node, Safari before 15.4, insecure contexts) it runs at once: the
 * store's compare-and-swap (follow.ts) then keeps rotations from leaving a key behind.
 */
export function withLock<T>(
  name: string,
  signal: AbortSignal | undefined,
  task: () => Promise<T>,
): Promise<T> {
  const locks = globalThis.navigator?.locks
  return locks ? (locks.request(name, { signal } as LockOptions, task) as Promise<T>) : task()
}
