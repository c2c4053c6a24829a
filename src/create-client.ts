import { KalshiClient } from './client.js'
import { type ClientOptions, connect, type FollowingClientOptions } from './client-options.js'
import { createFollower, followers } from './follow.js'
import type { Clock } from './transport.js'

export type {
  ApiRequest,
  ClientOptions,
  FollowingClientOptions,
  RequestOptions,
} from './client-options.js'
export { KALSHI_BASE_URLS } from './kalshi-urls.js'

/**
 * Creates a client that signs with what a key store holds under a label, read at its first call,
 * and follows it across the tabs of the origin: when the store announces a change (a `save` or
 * `delete` in this tab or another, on a BroadcastChannel named for the store's database), the next
 * call reads the label again. A call answered 401 reads it again too, and if another key is there
 * now (rotated by another tab), is signed with it and sent once more: a 401 means the API did
 * nothing, whatever the method. With nothing under the label, calls reject with
 * `ERR_NO_CREDENTIALS` (and look again next time). `rotateApiKey` on it rotates one tab at a time.
 *
 * @throws {TypeError} for a store not made by `createKeyStore`, a label that is not a non-empty
 *   string, or `credentials` given as well.
 * @example
 * ```ts
 * const client = createClient({ store: createKeyStore(), label: 'main', baseUrl: '/trade-api/v2' })
 * await client.getApiKeys() // signed with the key saved under 'main'
 * await rotateApiKey(client, { name: 'browser', keyType: 'ed25519' }) // every tab switches to the new key
 * ```
 */
export function createClient(options: FollowingClientOptions): FollowingClient
/**
 * Creates a client. Each client has its own credentials and HTTP settings; clients never share
 * state. A PEM private key is imported once, when the client is made.
 *
 * @throws {TypeError} for options of the wrong type (an unknown environment, a bad base URL).
 * @throws {KalshiValidationError} `ERR_INVALID_REQUEST` for a `baseUrl` that holds key material
 *   (refused for safety, and never echoed).
 * @throws {KalshiKeyError} for a `CryptoKey` that cannot sign Kalshi requests (`ERR_KEY_UNSUPPORTED`,
 *   `ERR_KEY_TOO_SMALL`).
 * @example
 * ```ts
 * import { createClient } from 'kalshi-webcrypto'
 *
 * const client = createClient({
 *   environment: 'demo',
 *   credentials: { keyId: 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c', privateKey: pem },
 * })
 * const { api_keys } = await client.getApiKeys()
 * ```
 */
export function createClient(options?: ClientOptions): KalshiClient
export function createClient(options: ClientOptions = {}): KalshiClient {
  // Every option read once, into a plain copy: what is checked is what is used (a getter or a
  // Proxy read twice could answer differently).
  const { credentials, store, label, ...settings }: ClientOptions = options ?? {}
  if (settings.baseUrl !== undefined) settings.baseUrl = String(settings.baseUrl)
  const clock: Clock = { offset: 0, correct: settings.correctClockSkew ?? true }
  const follower =
    store === undefined && label === undefined
      ? undefined
      : createFollower(store, label, credentials)
  const { send, keyId } = connect(settings, credentials, clock, follower)
  // The settings are kept to make related clients (see `withCredentials`); a PEM never is.
  const client = new KalshiClient(send, settings, clock, keyId)
  if (follower) followers.set(client, follower)
  return client
}

/** A client made with `createClient({ store, label })`: it has the label it follows. */
export type FollowingClient = KalshiClient & { readonly label: string }
