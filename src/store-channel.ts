// Many tabs: what follow.ts needs of a key store (keys/store.ts), and the channel a store announces
// its changes on. A module of its own, importing nothing at run time: the client reaches the store's
// internals without importing the store.
import type { Credentials } from './signer.js'

/** One IndexedDB transaction of a store (its `run`). */
export type RunTransaction = <T>(
  mode: IDBTransactionMode,
  body: (table: IDBObjectStore) => IDBRequest<T>,
  ...label: [unknown?]
) => Promise<T>

/** The stores `createKeyStore` made: their database's name, transaction runner and key check. */
export const stores: WeakMap<
  object,
  [name: string, run: RunTransaction, checked: (credentials: unknown) => Credentials]
> = new WeakMap()

/** Prefix of the BroadcastChannel (then the database's name) that announces a store's changes. */
export const CHANNEL = 'kalshi-webcrypto:'

/**
 * Tells the other tabs of the origin (and the other clients of this page) that a label changed.
 * From a channel of its own, left to the garbage collector: with no listener it holds nothing, and
 * the message is on its way to the listeners as soon as it is posted.
 */
export function announce(name: string, label: string): void {
  try {
    new BroadcastChannel(CHANNEL + name).postMessage(label)
  } catch {}
}
