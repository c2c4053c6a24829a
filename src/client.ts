import {
  type ApiRequest,
  connect,
  type RequestOptions,
  type Settings,
  timeoutMs,
} from './client-options.js'
import { copyQuery } from './copy.js'
import { noCredentials } from './errors.js'
import { createApiKeyWithDeviceKey } from './flows/device.js'
import type { DeviceKeyOptions, ServerKeyOptions } from './flows/options.js'
import { createApiKeyWithServerKey } from './flows/server.js'
import type { DeviceApiKey, ServerApiKey } from './flows/types.js'
import { followers } from './follow.js'
import { whole } from './options.js'
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
  settle,
  validate,
} from './schemas.js'
import { screenRequest } from './screen.js'
import type { Credentials } from './signer.js'
import type { StandardSchemaV1 } from './standard-schema.js'
import type { Call, Clock, Send } from './transport.js'

/**
 * A Kalshi Trade API client for the API Keys operations. Make one with {@link createClient}; the
 * class is exported for `instanceof` and for its type, its constructor is not part of the API.
 *
 * @example
 * ```ts
 * const client = createClient({ environment: 'demo', credentials })
 * console.log(client instanceof KalshiClient, client.keyId)
 * ```
 */
export class KalshiClient {
  readonly #send: Send
  readonly #settings: Settings
  readonly #clock: Clock
  readonly #keyId: string | undefined

  /** @internal */
  constructor(send: Send, settings: Settings, clock: Clock, keyId: string | undefined) {
    this.#send = send
    this.#settings = settings
    this.#clock = clock
    this.#keyId = keyId
  }

  /**
   * The API key id this client signs with, or `undefined` without credentials. A client that
   * follows a store label has the id it last read there, `undefined` before its first call.
   */
  get keyId(): string | undefined {
    return followers.get(this)?.keyId ?? this.#keyId
  }

  /** The store label this client follows (`createClient({ store, label })`), if any. */
  get label(): string | undefined {
    return followers.get(this)?.label
  }

  /**
   * Milliseconds added to this device's clock when signing: 0 until the API refuses a timestamp,
   * then the offset to the server's clock learnt from its `Date` header.
   */
  get clockOffset(): number {
    return this.#clock.offset
  }

  /**
   * A client like this one (same address, settings and clock offset) that signs with other
   * credentials, for example a rotated key's.
   *
   * @example
   * ```ts
   * const rotated = await rotateApiKey(client, { name: 'laptop' })
   * const next = client.withCredentials(rotated.credentials)
   * ```
   */
  withCredentials(credentials: Credentials): KalshiClient {
    const clock = { ...this.#clock }
    const { send, keyId } = connect(this.#settings, credentials, clock)
    return new KalshiClient(send, this.#settings, clock, keyId)
  }

  /**
   * Lists the API keys of the account (`GET /api_keys`).
   *
   * @example
   * ```ts
   * const { api_keys } = await client.getApiKeys()
   * for (const key of api_keys) console.log(key.api_key_id, key.name, key.scopes.join(' '))
   * ```
   */
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

  /**
   * Registers an RSA or Ed25519 public key you made as a new API key (`POST /api_keys`). Only the
   * Premier and Market Maker usage levels may: below them the API answers 403, and
   * {@link KalshiClient.createApiKeyWithServerKey} is the way to a new key. Never retried by itself.
   *
   * @example
   * ```ts
   * const { api_key_id } = await client.createApiKey({ name: 'bot', public_key: publicKeyPem, scopes: ['read'] })
   * ```
   */
  async createApiKey(
    body: CreateApiKeyRequest,
    options?: RequestOptions,
  ): Promise<CreateApiKeyResponse> {
    const json = validate(CreateApiKeyRequestSchema, body, 'POST /api_keys')
    return this.#call('POST', 'api_keys', options, CreateApiKeyResponseSchema, {
      json,
      // The spec's 403 here is the usage level, unless the key was to be bound to a subtrader.
      forbidden:
        json.fcm_subtrader_id === undefined
          ? 'your own public key needs the Premier or Market Maker usage level; below, use createApiKeyWithServerKey'
          : undefined,
    })
  }

  /**
   * Has Kalshi make a key pair (`key_type` `rsa`, the default, or `ed25519`) and return its
   * private key PEM, once (`POST /api_keys/generate`; every usage level). In a browser prefer
   * {@link KalshiClient.createApiKeyWithServerKey}, which imports it at once and drops the PEM, or
   * {@link KalshiClient.createApiKeyWithDeviceKey}. Never retried by itself: a second attempt would
   * mint a second key.
   *
   * @example
   * ```ts
   * const { api_key_id, private_key } = await client.generateApiKey({ name: 'server', key_type: 'ed25519' })
   * const privateKey = await importPrivateKey(private_key)
   * ```
   */
  async generateApiKey(
    body: GenerateApiKeyRequest,
    options?: RequestOptions,
  ): Promise<GenerateApiKeyResponse> {
    const json = validate(GenerateApiKeyRequestSchema, body, 'POST /api_keys/generate')
    return this.#call('POST', 'api_keys/generate', options, GenerateApiKeyResponseSchema, { json })
  }

  /**
   * Deletes an API key for good (`DELETE /api_keys/{api_key}`).
   *
   * @example
   * ```ts
   * await client.deleteApiKey('a952bcbe-ec3b-4b5b-b8f9-11dae589608c')
   * ```
   */
  async deleteApiKey(apiKeyId: string, options?: RequestOptions): Promise<void> {
    const id = validate(ApiKeyIdSchema, apiKeyId, 'DELETE /api_keys/{api_key}')
    // Any 2xx means deleted, whatever its body.
    await this.#call('DELETE', `api_keys/${encodeURIComponent(id)}`, options, undefined, {
      discard: true,
    })
  }

  /**
   * Makes a key pair on this device (`keyType` `rsa`, the default, or `ed25519`), registers only
   * its public key, and returns credentials ready to sign with. The private key is
   * non-extractable unless `extractable: true`. Needs the Premier or Market Maker usage level (see
   * {@link KalshiClient.createApiKey}); below that, use {@link KalshiClient.createApiKeyWithServerKey}.
   *
   * @example
   * ```ts
   * const created = await client.createApiKeyWithDeviceKey({ name: 'browser', keyType: 'ed25519' })
   * const mine = createClient({ credentials: created.credentials })
   * ```
   */
  createApiKeyWithDeviceKey(
    options: DeviceKeyOptions,
    requestOptions?: RequestOptions,
  ): Promise<DeviceApiKey> {
    return createApiKeyWithDeviceKey(
      // Whether it has credentials: a client following a label learns its key id when it signs.
      this.label ?? this.keyId,
      (body) => this.createApiKey(body, requestOptions),
      options,
    )
  }

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
   * and could sign with it. `createApiKeyWithDeviceKey` sends only a public key.
   *
   * @example
   * ```ts
   * const { credentials } = await client.createApiKeyWithServerKey({ name: 'browser', keyType: 'ed25519' })
   * await createKeyStore().save('main', credentials)
   * ```
   */
  createApiKeyWithServerKey(
    options: ServerKeyOptions,
    requestOptions?: RequestOptions,
  ): Promise<ServerApiKey> {
    return createApiKeyWithServerKey((body) => this.generateApiKey(body, requestOptions), options)
  }

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
  async request<TOutput = unknown>(
    call: ApiRequest<TOutput>,
    options?: RequestOptions,
  ): Promise<TOutput> {
    // Each field read once; the query and the body copied once: what is screened is what is sent.
    const { method, path, searchParams, json, schema } = call ?? ({} as ApiRequest<TOutput>)
    const { query, body } = screenRequest(method, path, searchParams, json)
    return this.#call(method, path.slice(1), options, schema, { searchParams: query, json: body })
  }

  async #call<TOutput>(
    method: Call['method'],
    path: string,
    options: RequestOptions | undefined,
    response?: StandardSchemaV1<unknown, TOutput>,
    extra?: Pick<Call, 'json' | 'searchParams' | 'forbidden' | 'discard'>,
  ): Promise<TOutput> {
    // A client following a store label learns whether it has credentials when it signs.
    if (this.keyId === undefined && !this.label) throw noCredentials()
    const body = await this.#send({
      method,
      path,
      ...extra,
      signal: options?.signal,
      timeout: timeoutMs(options?.timeout, undefined),
      cost: whole(options?.cost, undefined, 'cost', 0, 1e9), // rate limits
    })
    // A schema of the caller's (`request`) may answer asynchronously.
    return response
      ? settle(await response['~standard'].validate(body), body, `${method} /${path}`, true)
      : (body as TOutput)
  }
}
