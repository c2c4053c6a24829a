// The options of `createClient` and of each call, and how they are read: once, into plain values.

import type { SearchParams } from './copy.js'
import type { WebCryptoKey } from './crypto-key.js'
import { noCredentials } from './errors.js'
import type { Follower } from './follow.js'
import { KALSHI_BASE_URLS } from './kalshi-urls.js'
import { isCryptoKey } from './keys/algorithm.js'
import { importPrivateKey } from './keys/import.js'
import { whole } from './options.js'
import { createPacer, type RateLimit } from './rate-limit.js'
import { KEY_MATERIAL, looksLikeKeyMaterial } from './screen.js'
import { assertCredentials, assertKeyId, type Credentials, PRIVATE_KEY_RULE } from './signer.js'
import type { StandardSchemaV1 } from './standard-schema.js'
import type { KeyStore } from './store.js'
import { type Clock, createTransport, type Send } from './transport.js'
import { KalshiValidationError } from './validation-error.js'

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Which Kalshi environment to call. Default `'production'`. */
  environment?: 'production' | 'demo'
  /**
   * Where requests go instead, for example a same-origin relay (`'/trade-api/v2'` in a page).
   * Signatures still cover the canonical `/trade-api/v2/...` path.
   */
  baseUrl?: string | URL
  /** The API key to sign with. A PEM string is imported once, here, and not kept. */
  credentials?: { keyId: string; privateKey: WebCryptoKey | string }
  /**
   * Many tabs: a key store (from `createKeyStore`) to sign with what it holds under `label`,
   * instead of `credentials`. Read at the first call, and again whenever the store announces a
   * change from this tab or another of the origin (see {@link FollowingClient}).
   */
  store?: KeyStore
  /** The label of the credentials in `store` to sign with. */
  label?: string
  /** Milliseconds each attempt may take. Default 10 000. */
  timeout?: number
  /** How many times `GET` and `DELETE` are retried on network errors, 408, 429 and 5xx. Default 2. */
  retry?: number
  /**
   * Bytes an answer's body may have, default 4 MiB (1 to 2^30; otherwise `createClient` throws a
   * `TypeError`): a longer one is cancelled as it streams in and the call fails with
   * `ERR_INVALID_RESPONSE`.
   */
  maxResponseBytes?: number
  /** A `fetch` to use instead of the global one (for tests, proxies, or instrumented fetch). */
  fetch?: typeof fetch
  /**
   * When the API refuses a timestamp as too far from its clock (`header_timestamp_expired`), learn
   * the offset from the answer's `Date` header and send the call again, once. Default `true`.
   */
  correctClockSkew?: boolean
  /**
   * Paces calls inside the account's rate limits (off by default): a usage level by name
   * (`GET /account/limits` says which) or `{ read, write }` tokens per second. Calls over budget
   * wait their turn, first come first served; clients of one key in one page share its buckets.
   * See the README, "Rate limits".
   */
  rateLimit?: RateLimit
}

/** Per-call options, the last argument of every operation. */
export interface RequestOptions {
  /** Aborts the call; it then rejects with the signal's reason and is not retried. */
  signal?: AbortSignal
  /** Milliseconds each attempt may take, instead of the client's `timeout`. */
  timeout?: number
  /** Rate limits: the tokens this call costs, when `rateLimit` is set. Default 10. */
  cost?: number
}

/** One call of {@link KalshiClient.request}: any Trade API endpoint. */
export interface ApiRequest<TOutput = unknown> {
  /** `POST` and `PUT` are never retried by themselves; `GET` and `DELETE` are, like the others. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /**
   * The path below `/trade-api/v2`, from its `/`, ids percent-encoded: `'/portfolio/balance'`.
   * Dot segments, encoded separators, empty segments, queries and fragments are refused.
   */
  path: string
  /**
   * The query, never signed: an object (`undefined` values are left out, an array repeats its key)
   * or `URLSearchParams`. Read once, when the call is made.
   */
  searchParams?: SearchParams
  /** The JSON body. */
  json?: unknown
  /** A valibot schema (or any Standard Schema) that checks the answer and gives its type. */
  schema?: StandardSchemaV1<unknown, TOutput>
}

/** The options of a client that follows a store label: `store` and `label`, no `credentials`. */
export type FollowingClientOptions = Omit<ClientOptions, 'credentials' | 'store' | 'label'> & {
  store: KeyStore
  label: string
}

/** The options a client was made with, copied once, its credentials (or store) left out. */
export type Settings = Omit<ClientOptions, 'credentials' | 'store' | 'label'>

/** The transport of a client with these settings and credentials, checked now. */
export function connect(
  settings: Settings,
  credentials: ClientOptions['credentials'],
  clock: Clock,
  follower?: Follower,
): { send: Send; keyId: string | undefined } {
  const { keyId, privateKey }: Partial<NonNullable<typeof credentials>> =
    credentials === undefined ? {} : credentials
  const ready = credentials === undefined ? undefined : resolveCredentials(keyId, privateKey)
  const baseUrl = resolveBaseUrl(settings)
  const send = createTransport({
    baseUrl,
    // Many tabs (follow.ts): a client following a store label signs with what the store holds.
    credentials: follower?.credentials ?? (() => ready ?? Promise.reject(noCredentials())),
    renew: follower?.renew,
    timeout: timeoutMs(settings.timeout, 10_000),
    retry: whole(settings.retry, 2, 'retry', 0, 10),
    maxBytes: whole(settings.maxResponseBytes, 4 << 20, 'maxResponseBytes', 1, 2 ** 30),
    fetch: settings.fetch,
    clock,
    pacer: createPacer(settings.rateLimit, baseUrl.href), // rate limits
  })
  return { send, keyId }
}

/** The credentials, checked now; a PEM imported once (the client keeps the `CryptoKey`, never the PEM). */
function resolveCredentials(keyId: unknown, privateKey: unknown): Promise<Credentials> {
  // The same checks as for signing, now: an unusable key fails here, not at the first call.
  if (isCryptoKey(privateKey)) return Promise.resolve(assertCredentials({ keyId, privateKey }))
  assertKeyId(keyId)
  if (typeof privateKey !== 'string') {
    throw new TypeError(PRIVATE_KEY_RULE)
  }
  const ready = importPrivateKey(privateKey).then((key) => ({ keyId, privateKey: key }))
  // The failure is reported by the first call; don't let it also surface as an unhandled rejection.
  ready.catch(() => {})
  return ready
}

/** Takes the copy `createClient` made: `baseUrl` is a string by now, read once. */
function resolveBaseUrl(options: Settings): URL {
  const { baseUrl } = options
  if (baseUrl !== undefined) {
    // Not echoed in any message: a key pasted into the wrong option must not reach a log.
    if (looksLikeKeyMaterial(baseUrl as string))
      throw new KalshiValidationError('ERR_INVALID_REQUEST', `baseUrl: ${KEY_MATERIAL}`, [])
    let url: URL
    try {
      // A relative base URL (a same-origin relay) resolves against the page.
      url = new URL(baseUrl, globalThis.location?.href)
    } catch {
      throw new TypeError('baseUrl is not a URL')
    }
    // Paths are appended to it; a query or fragment would end up in the middle of them.
    if (url.search || url.hash) throw new TypeError('baseUrl must not have a query or a fragment')
    return url
  }
  const environment = options.environment ?? 'production'
  if (!Object.hasOwn(KALSHI_BASE_URLS, environment)) {
    throw new TypeError('environment must be "production" or "demo"')
  }
  return new URL(KALSHI_BASE_URLS[environment])
}

// 0 would fail every call at once; past 2^31 - 1 ms, setTimeout (and so ky) cannot wait.
export const timeoutMs = <T extends number | undefined>(value: number | undefined, fallback: T) =>
  whole(value, fallback, 'timeout (ms)')
