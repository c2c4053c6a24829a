import * as v from 'valibot'
import { API_KEY_ID, API_KEY_ID_RULE } from './key-id.js'
import { KEY_TYPES, type KeyType } from './keys/algorithm.js'
import { KEY_MATERIAL, looksLikeKeyMaterial } from './screen.js'
import type { StandardSchemaResult } from './standard-schema.js'
import { KalshiValidationError } from './validation-error.js'

// The only file that knows the API's wire shapes. Requests are strict (a misspelt field is a
// mistake worth reporting before anything is sent); responses are loose (the API adds fields,
// and they are kept).

/**
 * The API version this SDK implements: that of `POST /api_keys/generate` in Kalshi's OpenAPI.
 *
 * @example
 * ```ts
 * console.log(`kalshi-webcrypto speaks the Trade API ${KALSHI_API_VERSION}`)
 * ```
 */
export const KALSHI_API_VERSION = '3.34.0'

/**
 * An API key scope. The documented ones are listed for autocompletion; any other string is
 * allowed, because the API adds scopes over time.
 */
export type ApiKeyScope =
  | 'read'
  | 'write'
  | 'read::block_trade_accept'
  | 'read::portfolio_balance'
  | 'write::trade'
  | 'write::transfer'
  | 'write::fcm_risk'
  | 'write::block_trade_accept'
  | (string & {})

/** The spec's `ApiKeyScope` enum. Requests and responses also take scopes added after it. */
export const API_KEY_SCOPES = [
  'read',
  'write',
  'read::block_trade_accept',
  'read::portfolio_balance',
  'write::trade',
  'write::transfer',
  'write::fcm_risk',
  'write::block_trade_accept',
] as const satisfies readonly ApiKeyScope[]

const screened = v.check<string, string>((text) => !looksLikeKeyMaterial(text), KEY_MATERIAL)

// read, write, and their `::` refinements: a new scope passes, a typo such as "Read" does not.
const SCOPE_GRAMMAR = /^(read|write)(::[a-z0-9_]+)*$/

const requestScope = v.custom<ApiKeyScope>(
  (input) => typeof input === 'string' && SCOPE_GRAMMAR.test(input) && !looksLikeKeyMaterial(input),
  'Expected a scope like "read" or "write::trade"',
)
const responseScope = v.string() as v.GenericSchema<ApiKeyScope>

export const keyType = v.optional(
  v.custom<KeyType>((input) => KEY_TYPES.includes(input as KeyType), 'Expected "rsa" or "ed25519"'),
)

export const keyOptionsEntries = {
  name: v.pipe(v.string(), screened),
  scopes: v.optional(
    v.pipe(
      v.array(requestScope),
      v.check(
        (scopes) => !scopes.includes('write') || scopes.includes('read'),
        'The "write" scope requires the "read" scope',
      ),
    ),
  ),
  subaccount: v.optional(
    v.custom<number>(
      (n) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 63,
      'Expected a subaccount from 0 to 63',
    ),
  ),
  fcm_subtrader_id: v.optional(
    v.pipe(
      v.string(),
      screened,
      v.check(
        (id) => /^\S+_[A-Za-z0-9]{1,16}$/.test(id),
        'Expected "{user_id}_{suffix}", suffix 1-16 of [A-Za-z0-9]',
      ),
    ),
  ),
}

// Requests refuse fields they do not know (a misspelt `scope` would otherwise be dropped in
// silence). Built on looseObject, which the responses need anyway, rather than strictObject.
// @__NO_SIDE_EFFECTS__
export function exact<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const unknown = (input: object) =>
    Object.keys(input).filter((key) => !Object.hasOwn(entries, key))
  return v.pipe(
    v.looseObject(entries),
    v.check(
      (input) => !unknown(input).length,
      // Names are shown only when they are plain identifiers: a key may be pasted anywhere.
      (issue) =>
        `Unknown field: ${unknown(issue.input)
          .map((key) => (/^\w{1,24}$/.test(key) ? key : '…'))
          .join(', ')}`,
    ),
  )
}

// @__NO_SIDE_EFFECTS__
export function subaccountOrSubtrader<TInput extends { subaccount?: number | undefined }>(
  subtrader: 'fcm_subtrader_id' | 'fcmSubtraderId' = 'fcm_subtrader_id',
) {
  return v.check<TInput, string>(
    (input) =>
      input.subaccount === undefined || (input as Record<string, unknown>)[subtrader] === undefined,
    `subaccount and ${subtrader} cannot be used together`,
  )
}

const publicKeyPem = v.pipe(
  v.string(),
  // Checked first and apart: a private key pasted here must never leave the device.
  v.check(
    (pem) => !/PRIVATE KEY/.test(pem),
    'public_key holds a PRIVATE key; send only the public key',
  ),
  v.check(
    (pem) =>
      /^\s*-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----\s*$/.test(pem),
    'Expected an SPKI "BEGIN PUBLIC KEY" PEM',
  ),
)

/** Body of `POST /api_keys`. */
export const CreateApiKeyRequestSchema = v.pipe(
  exact({ ...keyOptionsEntries, public_key: publicKeyPem }),
  subaccountOrSubtrader(),
)

/** Body of `POST /api_keys/generate`. */
export const GenerateApiKeyRequestSchema = v.pipe(
  exact({ ...keyOptionsEntries, key_type: keyType }),
  subaccountOrSubtrader(),
)

export const GetApiKeysParamsSchema = exact({
  fcm_subtrader_id: keyOptionsEntries.fcm_subtrader_id,
})

/** The `{api_key}` of `DELETE /api_keys/{api_key}`. */
export const ApiKeyIdSchema = v.pipe(
  v.string(),
  screened,
  v.check((id) => API_KEY_ID.test(id), `Expected ${API_KEY_ID_RULE}`),
)

const number = v.custom<number>(Number.isFinite, 'Expected a number')
const text = v.nullish(v.string())

/** An API key as the API lists it. */
export const ApiKeySchema = v.looseObject({
  api_key_id: v.string(),
  name: v.string(),
  scopes: v.array(responseScope),
  subaccount: v.nullish(number),
  fcm_subtrader_id: text,
})

/** Response of `GET /api_keys`. */
export const GetApiKeysResponseSchema = v.looseObject({
  api_keys: v.array(ApiKeySchema),
  api_key_region_expiration_ts: v.nullish(number),
})

/** Response of `POST /api_keys`. */
export const CreateApiKeyResponseSchema = v.looseObject({
  api_key_id: v.string(),
  warning: text,
})

/** Response of `POST /api_keys/generate`. */
export const GenerateApiKeyResponseSchema = v.looseObject({
  api_key_id: v.string(),
  // Loose like scopes: a key type added after this SDK still parses.
  key_type: v.optional(v.custom<KeyType | (string & {})>((input) => typeof input === 'string')),
  private_key: v.string(),
  warning: text,
})

// The public types are written out rather than inferred: valibot infers a loose object's input as
// `{ … } & { [key: string]: unknown }`, which would let a misspelt field compile (the schemas
// refuse it only at run time), and an inferred type documents none of its fields.
// test/package/types.node.test.ts holds each one equal to its schema, so they cannot drift apart.

/** The fields a new key takes, in a request or in the options of the calls that make one. */
export interface NewKeyFields {
  /** The key's name, as the API lists it. */
  name: string
  /** What the key may do. Default on the server: `read` and `write`; `write` needs `read`. */
  scopes?: ApiKeyScope[] | undefined
  /** The sub-account (0–63) the key is limited to. Not with `fcm_subtrader_id`. */
  subaccount?: number | undefined
  /**
   * The FCM subtrader the key is bound to, `{user_id}_{suffix}` (FCM members only). Such a key
   * is denied on every REST endpoint. Not with `subaccount`.
   */
  fcm_subtrader_id?: string | undefined
}

/** An API key as the API lists it. Fields the API adds later are kept at run time. */
export interface ApiKey {
  /** The key id (in practice a UUID), the `KALSHI-ACCESS-KEY` header. */
  api_key_id: string
  /** The key's name. */
  name: string
  /** The key's scopes; one added after this SDK is kept as it comes. */
  scopes: ApiKeyScope[]
  /** The sub-account (0–63) the key is limited to. */
  subaccount?: number | null | undefined
  /** The FCM subtrader the key is bound to. */
  fcm_subtrader_id?: string | null | undefined
}

/** The query of `GET /api_keys`. */
export interface GetApiKeysParams {
  /** List the keys bound to this FCM subtrader. */
  fcm_subtrader_id?: string | undefined
}

/** Response of `GET /api_keys`. Fields the API adds later are kept at run time. */
export interface GetApiKeysResponse {
  /** The account's API keys. */
  api_keys: ApiKey[]
  /**
   * When the account's location attestation expires, in seconds since the epoch (a past value:
   * it lapsed); absent when the account never attested.
   */
  api_key_region_expiration_ts?: number | null | undefined
}

/** Body of `POST /api_keys`: registers a public key made elsewhere (Premier, Market Maker). */
export interface CreateApiKeyRequest extends NewKeyFields {
  /** An RSA or Ed25519 public key, SPKI PEM (`-----BEGIN PUBLIC KEY-----`). Never a private key. */
  public_key: string
}

/** Response of `POST /api_keys`. Fields the API adds later are kept at run time. */
export interface CreateApiKeyResponse {
  /** The new key id. */
  api_key_id: string
  /** A warning from the API, if any. */
  warning?: string | null | undefined
}

/** Body of `POST /api_keys/generate`: Kalshi makes the key pair (every usage level). */
export interface GenerateApiKeyRequest extends NewKeyFields {
  /** `rsa` (the API's default) or `ed25519`. */
  key_type?: KeyType | undefined
}

/** Response of `POST /api_keys/generate`. Fields the API adds later are kept at run time. */
export interface GenerateApiKeyResponse {
  /** The new key id. */
  api_key_id: string
  /** The key's type; one added after this SDK is kept as it comes. */
  key_type?: KeyType | (string & {}) | undefined
  /** The private key PEM (PKCS#1 for RSA, PKCS#8 for Ed25519), given this once only. */
  private_key: string
  /** A warning from the API, if any. */
  warning?: string | null | undefined
}

/**
 * Checks `input` against `schema`, or throws a {@link KalshiValidationError}: `ERR_INVALID_REQUEST`
 * for what we are about to send, `ERR_INVALID_RESPONSE` for what came back.
 */
export function validate<const TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  context: string,
  response?: boolean,
): v.InferOutput<TSchema> {
  // A valibot schema without async parts answers at once.
  const result = schema['~standard'].validate(input) as StandardSchemaResult<v.InferOutput<TSchema>>
  return settle(result, input, context, response)
}

/** What a Standard Schema made of `input`: its value, or the error {@link validate} throws. */
export function settle<TOutput>(
  result: StandardSchemaResult<TOutput>,
  input: unknown,
  context: string,
  response?: boolean,
): TOutput {
  if (!result.issues) return result.value
  // The body as it came, so nothing is lost (a generated private key exists only there), behind
  // the error's getter so that logging or serialising the error does not print it.
  throw new KalshiValidationError(
    response ? 'ERR_INVALID_RESPONSE' : 'ERR_INVALID_REQUEST',
    `${response ? 'Unexpected response' : 'Invalid request'} for ${context}`,
    result.issues as never, // a Standard Schema's paths are redacted as they come (validation-error.ts)
    response ? { response: input } : undefined,
  )
}
