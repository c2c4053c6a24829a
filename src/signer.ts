import { toBase64 } from './base64.js'
import type { WebCryptoKey } from './crypto-key.js'
import { API_KEY_ID, API_KEY_ID_RULE } from './key-id.js'
import { assertSignatureFits, isCryptoKey, signingAlgorithm } from './keys/algorithm.js'
import { wouldRedact } from './redact.js'
import { subtle } from './runtime.js'

/** An API key id and the private key registered for it. */
export interface Credentials {
  /** The API key id (`KALSHI-ACCESS-KEY`). */
  keyId: string
  /** An RSA-PSS SHA-256 or Ed25519 private key, from {@link importPrivateKey} or {@link generateKeyPair}. */
  privateKey: WebCryptoKey
}

/** What a signature covers. */
export interface SignableRequest {
  /** The HTTP method, any case. */
  method: string
  /**
   * The API path, starting `/trade-api/`. A query string or a full URL is accepted; only the path
   * is signed, normalised as the URL on the wire will be (dot segments, spaces, non-ASCII).
   */
  path: string
  /** Milliseconds since the epoch. Default: now. */
  timestamp?: number
}

/** The three Kalshi authentication headers. */
export type KalshiAuthHeaders = {
  'KALSHI-ACCESS-KEY': string
  'KALSHI-ACCESS-TIMESTAMP': string
  'KALSHI-ACCESS-SIGNATURE': string
}

const encoder = /* @__PURE__ */ new TextEncoder()

/** What `credentials.privateKey` must be, wherever it is checked. */
export const PRIVATE_KEY_RULE =
  'credentials.privateKey must be a CryptoKey, or a PEM for createClient'
const METHOD = /^[A-Za-z]+$/

/**
 * A percent-encoded letter, digit or `-._~`: WebKitGTK sends such a path decoded (`%41` as `A`,
 * which RFC 3986 calls the same URI), other engines as written, so no one signature fits every
 * engine. Refused wherever a path is signed.
 */
export const ENCODED_UNRESERVED = /%(3\d|[46][1-9a-f]|[57][\da]|2[de]|5f|7e)/i

/**
 * Signs one request the way Kalshi checks it: the key's algorithm (RSA-PSS with SHA-256,
 * MGF1-SHA-256 and salt 32 for an RSA key; Ed25519 for an Ed25519 key) over
 * `timestamp + METHOD + path`, path without host or query, body never included. Returns the
 * three `KALSHI-ACCESS-*` headers. Use it to sign calls this SDK does not wrap.
 *
 * @example
 * ```ts
 * const headers = await signRequest(
 *   { keyId, privateKey },
 *   { method: 'GET', path: '/trade-api/v2/portfolio/balance' },
 * )
 * const response = await fetch('https://external-api.kalshi.com/trade-api/v2/portfolio/balance', { headers })
 * ```
 */
export function signRequest(
  credentials: Credentials,
  request: SignableRequest,
): Promise<KalshiAuthHeaders> {
  // Not an async function: one promise fewer per signature, which is most of the SDK's own cost
  // next to an Ed25519 signature (BENCHMARKS.md). Every throw still becomes a rejection.
  try {
    const checked = assertCredentials(credentials)
    const method = request?.method
    if (typeof method !== 'string' || !METHOD.test(method))
      throw new TypeError('request.method must be an HTTP method')
    const timestamp = request.timestamp ?? Date.now()
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new TypeError('request.timestamp must be integer milliseconds')
    }
    return sign(checked, method.toUpperCase(), canonicalPath(request.path), timestamp)
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * The signing itself, for callers that have checked everything already (the transport: its
 * credentials were checked when the client was made, its path is the request URL's own).
 */
export function sign(
  { keyId, privateKey }: Credentials,
  method: string,
  path: string,
  timestamp: number,
): Promise<KalshiAuthHeaders> {
  const algorithm = signingAlgorithm(privateKey)
  return subtle()
    .sign(algorithm, privateKey, encoder.encode(`${timestamp}${method}${path}`))
    .then((signature) => {
      assertSignatureFits(algorithm, signature)
      return {
        'KALSHI-ACCESS-KEY': keyId,
        'KALSHI-ACCESS-TIMESTAMP': String(timestamp),
        'KALSHI-ACCESS-SIGNATURE': toBase64(new Uint8Array(signature)),
      }
    })
}

// What the URL parser leaves exactly as it is (no dots, no percent, nothing to encode): the
// usual API path, signed without parsing it.
const PLAIN_PATH = /^\/trade-api\/[\w/-]*$/

/**
 * The path part that Kalshi signs, normalised exactly as the URL that goes on the wire (dot
 * segments resolved, spaces and non-ASCII percent-encoded, backslashes made slashes): no scheme,
 * host, query or fragment.
 */
function canonicalPath(path: unknown): string {
  if (typeof path === 'string' && PLAIN_PATH.test(path)) return path
  // A relative path ("api_keys") is refused: relative to what is not known here.
  const { pathname } = new URL(
    /^(\/|\w+:)/.test(path as string) ? (path as string) : 'x:',
    'http://h',
  )
  // Checked after normalising: "/trade-api/../x" is not an API path. The classic cause of
  // INCORRECT_API_KEY_SIGNATURE is signing "/api_keys" or a relay's own path. And WebKitGTK sends
  // a percent-encoded letter, digit or "-._~" decoded ("%41" as "A", which RFC 3986 calls the same
  // URI), other engines as written: no one signature fits every engine.
  if (!pathname.startsWith('/trade-api/') || ENCODED_UNRESERVED.test(pathname))
    throw new TypeError('request.path must start "/trade-api/", not percent-encoding A-Za-z0-9-._~')
  return pathname
}

/** Checks credentials for signing: a header-safe key id and a private signing `CryptoKey`. */
export function assertCredentials(credentials: unknown): Credentials {
  const { keyId, privateKey } = (credentials ?? {}) as Partial<Credentials>
  assertKeyId(keyId)
  if (!isCryptoKey(privateKey)) throw new TypeError(PRIVATE_KEY_RULE)
  signingAlgorithm(privateKey)
  return { keyId, privateKey }
}

// The last key id that passed: most calls sign with the same one, and a string cannot change.
let lastKeyId: string | undefined

export function assertKeyId(keyId: unknown): asserts keyId is string {
  if (lastKeyId && keyId === lastKeyId) return
  // Redaction's rule: a key id (at most 256 characters) has room for no private key but an
  // Ed25519 one, whose base64 or hex that rule finds.
  if (typeof keyId !== 'string' || !API_KEY_ID.test(keyId) || wouldRedact(keyId)) {
    throw new TypeError(`credentials.keyId must be ${API_KEY_ID_RULE}, and no key material`)
  }
  lastKeyId = keyId
}
