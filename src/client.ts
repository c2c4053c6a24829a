import type { GenericSchema, InferOutput } from 'valibot'
import { copyJson, copyQuery, type SearchParams, stringsOf } from './copy.js'
import type { WebCryptoKey, WebCryptoKeyPair } from './crypto-key.js'
import { KalshiError, KalshiValidationError } from './errors.js'
import { createFollower, followers } from './follow.js'
import { isCryptoKey, type KeyType, keyTypeOf } from './keys/algorithm.js'
import { exportPublicKeyPem } from './keys/export.js'
import { generateKeyPair } from './keys/generate.js'
import { importPrivateKey } from './keys/import.js'
import type { KeyStore } from './keys/store.js'
import {
  ApiKeyIdSchema,
  type CreateApiKeyRequest,
  CreateApiKeyRequestSchema,
  type CreateApiKeyResponse,
  CreateApiKeyResponseSchema,
  type GenerateApiKeyRequest,
  GenerateApiKeyRequestSchema,
  type GenerateApiKeyResponse,
  GenerateApiKeyResponseSchema,
  type GetApiKeysParams,
  GetApiKeysParamsSchema,
  type GetApiKeysResponse,
  GetApiKeysResponseSchema,
  type LocalKeyOptions,
  LocalKeyOptionsSchema,
  type ServerKeyOptions,
  ServerKeyOptionsSchema,
  validate,
} from './schemas.js'
import { holdsEncodedPrivateKey, KEY_MATERIAL, looksLikeKeyMaterial } from './screen.js'
import {
  assertCredentials,
  assertKeyId,
  type Credentials,
  ENCODED_UNRESERVED,
  PRIVATE_KEY_RULE,
} from './signer.js'
import type { StandardSchemaV1 } from './standard-schema.js'
import { type Call, type Clock, createTransport, type Send } from './transport.js'

/** The API's REST base URLs. Keys are per environment: a demo key does not work in production. */
export const KALSHI_BASE_URLS = {
  production: 'https://external-api.kalshi.com/trade-api/v2',
  demo: 'https://external-api.demo.kalshi.co/trade-api/v2',
} as const

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
}

/** Per-call options, the last argument of every operation. */
export interface RequestOptions {
  /** Aborts the call; it then rejects with the signal's reason and is not retried. */
  signal?: AbortSignal
  /** Milliseconds each attempt may take, instead of the client's `timeout`. */
  timeout?: number
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

/** What {@link KalshiClient.createApiKeyWithLocalKey} returns: the new key, ready to sign with. */
export type LocalApiKey = CreateApiKeyResponse & {
  /** `rsa` or `ed25519`, as asked. */
  key_type: KeyType
  /** The SPKI public key PEM that was registered. */
  publicKeyPem: string
  /** The key pair made on this device. */
  keyPair: WebCryptoKeyPair
  /** The new key id and private key, ready for `createClient({ credentials })`. */
  credentials: Credentials
}

/**
 * What {@link KalshiClient.generateApiKeyCredentials} returns: the server's answer without its
 * private key PEM, and the key imported, ready to sign with.
 */
export type ServerApiKey = Pick<CreateApiKeyResponse, 'api_key_id' | 'warning'> & {
  /** The type of the key imported: `rsa` or `ed25519`. */
  key_type: KeyType
  /** The new key id and its private key, imported (non-extractable unless asked). */
  credentials: Credentials
}

/** A Kalshi Trade API client for the API Keys operations. Make one with {@link createClient}. */
export interface KalshiClient {
  /**
   * The API key id this client signs with, or `undefined` without credentials. A client that
   * follows a store label has the id it last read there, `undefined` before its first call.
   */
  readonly keyId: string | undefined
  /** The store label this client follows (`createClient({ store, label })`), if any. */
  readonly label?: string | undefined
  /**
   * Milliseconds added to this device's clock when signing: 0 until the API refuses a timestamp,
   * then the offset to the server's clock learnt from its `Date` header.
   */
  readonly clockOffset: number
  /**
   * Lists the API keys of the account (`GET /api_keys`).
   *
   * @example
   * ```ts
   * const { api_keys } = await client.getApiKeys()
   * for (const key of api_keys) console.log(key.api_key_id, key.name, key.scopes.join(' '))
   * ```
   */
  getApiKeys(params?: GetApiKeysParams, options?: RequestOptions): Promise<GetApiKeysResponse>
  /**
   * Registers an RSA or Ed25519 public key you made as a new API key (`POST /api_keys`). Only the
   * Premier and Market Maker usage levels may: below them the API answers 403, and
   * {@link KalshiClient.generateApiKeyCredentials} is the way to a new key. Never retried by itself.
   *
   * @example
   * ```ts
   * const { api_key_id } = await client.createApiKey({ name: 'bot', public_key: publicKeyPem, scopes: ['read'] })
   * ```
   */
  createApiKey(body: CreateApiKeyRequest, options?: RequestOptions): Promise<CreateApiKeyResponse>
  /**
   * Has Kalshi make a key pair (`key_type` `rsa`, the default, or `ed25519`) and return its
   * private key PEM, once (`POST /api_keys/generate`; every usage level). In a browser prefer
   * {@link KalshiClient.generateApiKeyCredentials}, which imports it at once and drops the PEM, or
   * {@link KalshiClient.createApiKeyWithLocalKey}. Never retried by itself: a second attempt would
   * mint a second key.
   *
   * @example
   * ```ts
   * const { api_key_id, private_key } = await client.generateApiKey({ name: 'server', key_type: 'ed25519' })
   * const privateKey = await importPrivateKey(private_key)
   * ```
   */
  generateApiKey(
    body: GenerateApiKeyRequest,
    options?: RequestOptions,
  ): Promise<GenerateApiKeyResponse>
  /**
   * Deletes an API key for good (`DELETE /api_keys/{api_key}`).
   *
   * @example
   * ```ts
   * await client.deleteApiKey('a952bcbe-ec3b-4b5b-b8f9-11dae589608c')
   * ```
   */
  deleteApiKey(apiKeyId: string, options?: RequestOptions): Promise<void>
  /**
   * Makes a key pair on this device (`keyType` `rsa`, the default, or `ed25519`), registers only
   * its public key, and returns credentials ready to sign with. The private key is
   * non-extractable unless `extractable: true`. Needs the Premier or Market Maker usage level (see
   * {@link KalshiClient.createApiKey}); below that, use {@link KalshiClient.generateApiKeyCredentials}.
   *
   * @example
   * ```ts
   * const created = await client.createApiKeyWithLocalKey({ name: 'browser', keyType: 'ed25519' })
   * const mine = createClient({ credentials: created.credentials })
   * ```
   */
  createApiKeyWithLocalKey(
    options: LocalKeyOptions,
    requestOptions?: RequestOptions,
  ): Promise<LocalApiKey>
  /**
   * A new key for any usage level: has Kalshi generate it (`POST /api_keys/generate`), imports
   * the private key at once into a `CryptoKey` (non-extractable unless `extractable: true`) and
   * drops the PEM. The server saw the private key once; this device keeps it from then on.
   *
   * If the key cannot be imported, the call rejects with `ERR_GENERATED_KEY_UNUSABLE`, the
   * message naming the key, and the server's answer, private key included, on the error's
   * non-enumerable `response`. The key is not deleted: nothing tells a key just minted from
   * another key of the account that a forged answer names. Where WebCrypto has no Ed25519, an
   * Ed25519 key is refused (`ERR_UNSUPPORTED_RUNTIME`) before anything is sent.
   *
   * The answer carries the private key PEM: whatever it passes through (a relay, a proxy) sees it
   * and could sign with it. `createApiKeyWithLocalKey` sends only a public key.
   *
   * @example
   * ```ts
   * const { credentials } = await client.generateApiKeyCredentials({ name: 'browser', keyType: 'ed25519' })
   * await createKeyStore().save('main', credentials)
   * ```
   */
  generateApiKeyCredentials(
    options: ServerKeyOptions,
    requestOptions?: RequestOptions,
  ): Promise<ServerApiKey>
  /**
   * Any signed call to the Trade API, through the same transport as the operations above: signed
   * afresh for each attempt, `GET` and `DELETE` retried by the client's policy (`POST` and `PUT`
   * never), clock skew corrected, errors typed. With a `schema`, the answer is checked by it and
   * typed by it (`ERR_INVALID_RESPONSE` if it does not match); without, it is `unknown`. An empty
   * answer is `undefined`.
   *
   * @example
   * ```ts
   * import * as v from 'valibot'
   *
   * const { balance } = await client.request({
   *   method: 'GET',
   *   path: '/portfolio/balance',
   *   schema: v.object({ balance: v.number() }),
   * })
   * ```
   */
  request<TOutput = unknown>(call: ApiRequest<TOutput>, options?: RequestOptions): Promise<TOutput>
}

/** The options of a client that follows a store label: `store` and `label`, no `credentials`. */
export type FollowingClientOptions = Omit<ClientOptions, 'credentials' | 'store' | 'label'> & {
  store: KeyStore
  label: string
}

/**
 * A client made with `createClient({ store, label })`. It signs with the credentials the store
 * holds under `label`, read at its first call, and follows them: when the store announces a
 * change (a `save` or `delete` in this tab or another tab of the origin, on a BroadcastChannel
 * named for the store's database), its next call reads the label again. A call that gets a 401
 * reads the label again too, and if another key is there now (rotated by another tab, before this
 * one heard of it, or where BroadcastChannel is missing), it is signed with that key and sent once
 * more: a 401 means the API did nothing, whatever the method. With nothing under the label, calls
 * reject with `ERR_NO_CREDENTIALS` (and look again next time).
 *
 * `rotateApiKey` on it rotates one tab at a time (a Web Lock per label) and saves the new key
 * under the label before deleting the old one; a tab that finds the label already rotated takes
 * that key and makes none ({@link AdoptedApiKey}).
 */
export interface FollowingClient extends KalshiClient {
  readonly label: string
}

/**
 * Creates a client that signs with what a key store holds under a label, and follows it across
 * the tabs of the origin ({@link FollowingClient}).
 *
 * @throws {TypeError} for a store not made by `createKeyStore`, a label that is not a non-empty
 *   string, or `credentials` given as well.
 * @example
 * ```ts
 * import { createClient, createKeyStore, rotateApiKey } from 'kalshi-webcrypto'
 *
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
  // Every option is read once, here, into a plain copy: what is checked is what is used (a getter
  // or a Proxy read twice could answer differently).
  const {
    environment,
    baseUrl,
    credentials,
    timeout,
    retry,
    maxResponseBytes,
    fetch,
    correctClockSkew,
    store,
    label,
  } = options ?? {}
  const settings: Settings = {
    environment,
    baseUrl: baseUrl === undefined || typeof baseUrl === 'string' ? baseUrl : String(baseUrl),
    timeout,
    retry,
    maxResponseBytes,
    fetch,
    correctClockSkew,
  }
  let keyId: string | undefined
  let privateKey: CryptoKey | string | undefined
  if (credentials !== undefined) ({ keyId, privateKey } = credentials)
  const ready = credentials === undefined ? undefined : resolveCredentials(keyId, privateKey)
  const clock: Clock = { offset: 0, correct: correctClockSkew ?? true }
  // Many tabs (follow.ts): with a store and a label, the credentials are what the store holds.
  const follower =
    store === undefined && label === undefined
      ? undefined
      : createFollower(store, label, credentials)
  const send = createTransport({
    baseUrl: resolveBaseUrl(settings),
    credentials: follower?.credentials ?? (() => ready ?? Promise.reject(noCredentials())),
    renew: follower?.renew,
    timeout: timeoutMs(timeout, 10_000),
    retry: whole(retry, 2, 'retry', 0, 10),
    maxBytes: whole(maxResponseBytes, 4 << 20, 'maxResponseBytes', 1, 2 ** 30),
    fetch,
    clock,
  })
  // The settings are kept to make related clients (see `Client.with`); a PEM never is.
  const client = new Client(send, settings, clock, keyId)
  if (follower) followers.set(client, follower)
  return client
}

/** The options a client was made with, copied once, its credentials (or store) left out. */
type Settings = {
  [K in Exclude<keyof ClientOptions, 'credentials' | 'store' | 'label'>]:
    | ClientOptions[K]
    | undefined
}

/** Not exported from the package: {@link createClient} makes these. */
export class Client implements KalshiClient {
  readonly #send: Send
  readonly #settings: Settings
  readonly #clock: Clock
  readonly #keyId: string | undefined

  constructor(send: Send, settings: Settings, clock: Clock, keyId: string | undefined) {
    this.#send = send
    this.#settings = settings
    this.#clock = clock
    this.#keyId = keyId
  }

  get keyId(): string | undefined {
    return followers.get(this)?.keyId ?? this.#keyId
  }

  get label(): string | undefined {
    return followers.get(this)?.label
  }

  get clockOffset(): number {
    return this.#clock.offset
  }

  /** A client like this one (same API, settings and clock offset) that signs with other credentials. */
  static with(client: Client, credentials: Credentials): KalshiClient {
    const next = createClient({ ...client.#settings, credentials } as ClientOptions) as Client
    next.#clock.offset = client.#clock.offset
    return next
  }

  async getApiKeys(
    params?: GetApiKeysParams,
    options?: RequestOptions,
  ): Promise<GetApiKeysResponse> {
    // Checked exactly: only fcm_subtrader_id, and only when given.
    const searchParams = validate(GetApiKeysParamsSchema, params ?? {}, 'GET /api_keys')
    return this.#call('GET', 'api_keys', options, GetApiKeysResponseSchema, {
      searchParams: copyQuery(searchParams),
    })
  }

  async createApiKey(
    body: CreateApiKeyRequest,
    options?: RequestOptions,
  ): Promise<CreateApiKeyResponse> {
    const json = validate(CreateApiKeyRequestSchema, body, 'POST /api_keys')
    return this.#call('POST', 'api_keys', options, CreateApiKeyResponseSchema, {
      json,
      // The spec's 403 here is the usage level, unless the key was to be bound to a subtrader.
      ...(json.fcm_subtrader_id === undefined && {
        forbidden:
          'your own public key needs the Premier or Market Maker usage level; below, use generateApiKeyCredentials',
      }),
    })
  }

  async generateApiKey(
    body: GenerateApiKeyRequest,
    options?: RequestOptions,
  ): Promise<GenerateApiKeyResponse> {
    const json = validate(GenerateApiKeyRequestSchema, body, 'POST /api_keys/generate')
    return this.#call('POST', 'api_keys/generate', options, GenerateApiKeyResponseSchema, { json })
  }

  async deleteApiKey(apiKeyId: string, options?: RequestOptions): Promise<void> {
    const id = validate(ApiKeyIdSchema, apiKeyId, 'DELETE /api_keys/{api_key}')
    // Any 2xx means deleted, whatever its body.
    await this.#call('DELETE', `api_keys/${encodeURIComponent(id)}`, options, undefined, {
      discard: true,
    })
  }

  async createApiKeyWithLocalKey(
    options: LocalKeyOptions,
    requestOptions?: RequestOptions,
  ): Promise<LocalApiKey> {
    const {
      keyType = 'rsa',
      modulusLength,
      extractable,
      ...keyOptions
    } = validate(LocalKeyOptionsSchema, options, 'createApiKeyWithLocalKey')
    // Checked before the (slow) key generation, so a misconfigured client fails at once.
    this.#assertCredentials()
    const keyPair = await generateKeyPair({ keyType, modulusLength, extractable })
    const publicKeyPem = await exportPublicKeyPem(keyPair)
    const created = await this.createApiKey(
      { ...keyOptions, public_key: publicKeyPem },
      requestOptions,
    )
    return {
      ...created,
      key_type: keyType,
      publicKeyPem,
      keyPair,
      credentials: { keyId: created.api_key_id, privateKey: keyPair.privateKey },
    }
  }

  async generateApiKeyCredentials(
    options: ServerKeyOptions,
    requestOptions?: RequestOptions,
  ): Promise<ServerApiKey> {
    const { keyType, extractable, ...keyOptions } = validate(
      ServerKeyOptionsSchema,
      options,
      'generateApiKeyCredentials',
    )
    // Where WebCrypto has no Ed25519, say so before a key is made that could not be used.
    if (keyType === 'ed25519') await generateKeyPair({ keyType })
    const generated = await this.generateApiKey(
      { ...keyOptions, ...(keyType && { key_type: keyType }) },
      requestOptions,
    )
    // Only what is known is passed on: a field added later could be key material.
    const { api_key_id, warning } = generated
    try {
      assertKeyId(api_key_id)
      const privateKey = await importPrivateKey(generated.private_key, { extractable })
      const key_type = keyTypeOf(privateKey) as KeyType
      const credentials = { keyId: api_key_id, privateKey }
      return { api_key_id, ...(warning !== undefined && { warning }), key_type, credentials }
    } catch (cause) {
      // Not deleted: nothing tells a key just minted from another key of the account that a forged
      // answer names, and a DELETE signed with this client's key would be obeyed for either. A key
      // that cannot be imported cannot sign its own DELETE either. So the answer is handed over.
      const error = new KalshiError(
        'ERR_GENERATED_KEY_UNUSABLE',
        `The generated key is unusable here (${(cause as Error)?.message}); not deleted: delete the key ${
          api_key_id
        } yourself if the listing shows it was just made; the answer is on error.response`,
        { cause },
      )
      // Non-enumerable, as on KalshiValidationError: logs and JSON.stringify leave it out.
      Object.defineProperty(error, 'response', { value: generated })
      throw error
    }
  }

  async request<TOutput = unknown>(
    call: ApiRequest<TOutput>,
    options?: RequestOptions,
  ): Promise<TOutput> {
    // Each field read once; the query and the body copied once (copy.ts): the copies are what is
    // screened below and what is sent.
    const { method, path, searchParams, json, schema } = call ?? ({} as ApiRequest<TOutput>)
    const context = `${method} ${path}`
    const invalid = () =>
      new KalshiValidationError(
        'ERR_INVALID_REQUEST',
        'request: a method and a path below /trade-api/v2, such as /portfolio/balance',
        [],
      )
    // The path must be what the URL parser leaves as it is (no dot segments, nothing to encode)
    // and hold no encoded separator: it cannot leave /trade-api/v2, and what is signed is sent.
    // Nor may it percent-encode a letter, digit or "-._~", which WebKit sends decoded: the
    // signature would cover another path than the one on the wire (see signRequest).
    if (
      typeof path !== 'string' ||
      typeof method !== 'string' ||
      !/^\/[^/]/.test(path) ||
      /\/\/|\/$|%(2f|5c|(?![\da-f]{2}))/i.test(path) ||
      ENCODED_UNRESERVED.test(path) ||
      new URL(`/x${path}`, 'http://h').pathname !== `/x${path}` ||
      !['GET', 'POST', 'PUT', 'DELETE'].includes(method) ||
      looksLikeKeyMaterial(path)
    )
      throw invalid()
    const query = copyQuery(searchParams)
    const body = copyJson(json)
    // Key material never leaves: a path is screened whole (above); a query and a body, where
    // cursors and ids may be long base64, for PEM armour and a private key's DER in any encoding.
    for (const text of [...(query ?? []).flat(), ...stringsOf(body)])
      if (holdsEncodedPrivateKey(text))
        throw new KalshiValidationError('ERR_INVALID_REQUEST', `request: ${KEY_MATERIAL}`, [])
    const answer = await this.#call(method, path.slice(1), options, undefined, {
      searchParams: query,
      json: body,
    })
    if (!schema) return answer as TOutput
    const result = await schema['~standard'].validate(answer)
    if (!result.issues) return result.value
    const error = new KalshiValidationError(
      'ERR_INVALID_RESPONSE',
      `Unexpected response for ${context}`,
      result.issues as never, // its paths are redacted as they come (errors.ts)
    )
    Object.defineProperty(error, 'response', { value: answer })
    throw error
  }

  async #call<const TSchema extends GenericSchema>(
    method: Call['method'],
    path: string,
    options: RequestOptions | undefined,
    response?: TSchema,
    extra?: Pick<Call, 'json' | 'searchParams' | 'forbidden' | 'discard'>,
  ): Promise<InferOutput<TSchema>> {
    this.#assertCredentials()
    const body = await this.#send({
      method,
      path,
      ...extra,
      signal: options?.signal,
      timeout: timeoutMs(options?.timeout, undefined),
    })
    return response ? validate(response, body, `${method} /${path}`, true) : body
  }

  #assertCredentials(): void {
    // A client following a store label learns whether it has credentials when it signs.
    if (this.#keyId === undefined && !this.label) {
      throw noCredentials()
    }
  }
}

export function noCredentials(): KalshiError {
  return new KalshiError(
    'ERR_NO_CREDENTIALS',
    'This client has no credentials: createClient({ credentials })',
  )
}

function resolveCredentials(keyId: unknown, privateKey: unknown): Promise<Credentials> {
  // The same checks as for signing, now: an unusable key fails here, not at the first call.
  if (isCryptoKey(privateKey)) return Promise.resolve(assertCredentials({ keyId, privateKey }))
  assertKeyId(keyId)
  if (typeof privateKey !== 'string') {
    throw new TypeError(PRIVATE_KEY_RULE)
  }
  // Imported once, now; the client keeps the CryptoKey, never the PEM.
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
    if (looksLikeKeyMaterial(String(baseUrl)))
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

/** A whole number option from `min` to `max`, or `fallback` when absent. */
function whole<T extends number | undefined>(
  value: number | undefined,
  fallback: T,
  name: string,
  min: number,
  max: number,
): number | T {
  if (value === undefined) return fallback
  if (!Number.isInteger(value) || value < min || value > max)
    throw new TypeError(`${name} must be a whole number from ${min} to ${max}`)
  return value
}

// 0 would fail every call at once; past 2^31 - 1 ms, setTimeout (and so ky) cannot wait.
const timeoutMs = <T extends number | undefined>(value: number | undefined, fallback: T) =>
  whole(value, fallback, 'timeout (ms)', 1, 2_147_483_647)
