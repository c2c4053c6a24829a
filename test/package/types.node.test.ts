// The public types are exact: a misspelt field is a compile error (checked by `npm run typecheck`,
// which compiles this file), while at run time responses keep the fields the API adds. Each
// written-out type is held equal to what its valibot schema accepts or returns, so the two cannot
// drift apart. The same mistakes are compiled against the shipped dist/*.d.ts by
// test/package/node-only.node.test.ts.
import type * as Official from 'kalshi-typescript'
import type * as v from 'valibot'
import { expect, expectTypeOf, test } from 'vitest'
import type {
  DeviceKeyOptionsSchema,
  RotateApiKeyOptionsSchema,
  ServerKeyOptionsSchema,
} from '../../src/flows/options.js'
import type {
  ApiKey,
  ApiKeyScope,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  DeviceKeyOptions,
  GenerateApiKeyRequest,
  GenerateApiKeyResponse,
  GetApiKeysParams,
  GetApiKeysResponse,
  KalshiClient,
  RotateApiKeyOptions,
  ServerKeyOptions,
  WebCryptoKey,
  WebCryptoKeyPair,
} from '../../src/index.js'
import { rotateApiKey } from '../../src/index.js'
import {
  type API_KEY_SCOPES,
  ApiKeySchema,
  type CreateApiKeyRequestSchema,
  type CreateApiKeyResponseSchema,
  type GenerateApiKeyRequestSchema,
  type GenerateApiKeyResponseSchema,
  type GetApiKeysParamsSchema,
  type GetApiKeysResponseSchema,
  validate,
} from '../../src/schemas.js'

/** A type without its index signature: what a loose valibot object declares by name. */
type Known<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] }
type HasIndexSignature<T> = string extends keyof T ? true : false

test('request and option types name every field the schema takes, and nothing else', () => {
  type In<S extends v.GenericSchema> = Known<v.InferInput<S>>
  expectTypeOf<CreateApiKeyRequest>().toEqualTypeOf<In<typeof CreateApiKeyRequestSchema>>()
  expectTypeOf<GenerateApiKeyRequest>().toEqualTypeOf<In<typeof GenerateApiKeyRequestSchema>>()
  expectTypeOf<GetApiKeysParams>().toEqualTypeOf<In<typeof GetApiKeysParamsSchema>>()
  expectTypeOf<DeviceKeyOptions>().toEqualTypeOf<In<typeof DeviceKeyOptionsSchema>>()
  expectTypeOf<ServerKeyOptions>().toEqualTypeOf<In<typeof ServerKeyOptionsSchema>>()
  // Narrower than its schema on purpose: fcmSubtraderId is always refused there.
  expectTypeOf<RotateApiKeyOptions>().toEqualTypeOf<
    Omit<In<typeof RotateApiKeyOptionsSchema>, 'fcmSubtraderId'>
  >()
})

test('response types name every field the schema returns', () => {
  type Out<S extends v.GenericSchema> = Known<v.InferOutput<S>>
  expectTypeOf<ApiKey>().toEqualTypeOf<Out<typeof ApiKeySchema>>()
  expectTypeOf<CreateApiKeyResponse>().toEqualTypeOf<Out<typeof CreateApiKeyResponseSchema>>()
  expectTypeOf<GenerateApiKeyResponse>().toEqualTypeOf<Out<typeof GenerateApiKeyResponseSchema>>()
  expectTypeOf<GetApiKeysResponse['api_key_region_expiration_ts']>().toEqualTypeOf<
    Out<typeof GetApiKeysResponseSchema>['api_key_region_expiration_ts']
  >()
  expectTypeOf<GetApiKeysResponse['api_keys'][number]>().toEqualTypeOf<ApiKey>()
})

test('no public request, option or response type has an index signature', () => {
  expectTypeOf<HasIndexSignature<CreateApiKeyRequest>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<GenerateApiKeyRequest>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<GetApiKeysParams>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<DeviceKeyOptions>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<ServerKeyOptions>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<RotateApiKeyOptions>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<ApiKey>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<GetApiKeysResponse>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<CreateApiKeyResponse>>().toEqualTypeOf<false>()
  expectTypeOf<HasIndexSignature<GenerateApiKeyResponse>>().toEqualTypeOf<false>()
  // The check itself can tell: what the schemas infer has one.
  expectTypeOf<
    HasIndexSignature<v.InferInput<typeof CreateApiKeyRequestSchema>>
  >().toEqualTypeOf<true>()
})

test("the scopes named for autocompletion are the spec's enum, as the SDK lists it", () => {
  type Named<T> = T extends string ? (string extends T ? never : T) : never
  expectTypeOf<Named<ApiKeyScope>>().toEqualTypeOf<(typeof API_KEY_SCOPES)[number]>()
})

test('a misspelt field does not compile', () => {
  // Type-level only: the calls are never made.
  const mistakes = (client: KalshiClient, public_key: string) => [
    // @ts-expect-error keyType, not keytype
    client.createApiKeyWithDeviceKey({ name: 'browser', keytype: 'ed25519' }),
    // @ts-expect-error scopes, not scope
    client.createApiKey({ name: 'bot', public_key, scope: ['read'] }),
    // @ts-expect-error key_type on the wire, keyType in the options
    client.generateApiKey({ name: 'server', keyType: 'ed25519' }),
    // @ts-expect-error keyType here, key_type on the wire
    client.createApiKeyWithServerKey({ name: 'browser', key_type: 'ed25519' }),
    // @ts-expect-error fcm_subtrader_id is the only query
    client.getApiKeys({ subtrader: '123_ABC' }),
    // @ts-expect-error a rotated key cannot be bound to an FCM subtrader
    rotateApiKey(client, { name: 'fix', fcmSubtraderId: '123_ABC' }),
    // @ts-expect-error a response field that does not exist
    client.getApiKeys().then(({ api_keys }) => api_keys[0]?.scope),
  ]
  expectTypeOf(mistakes).returns.toBeArray()
})

test("in a project with the DOM library, the key types are the DOM's own", () => {
  expectTypeOf<WebCryptoKey>().toEqualTypeOf<CryptoKey>()
  expectTypeOf<WebCryptoKeyPair>().toEqualTypeOf<CryptoKeyPair>()
})

test('at run time, responses keep the fields the API adds', () => {
  const key = validate(
    ApiKeySchema,
    { api_key_id: 'k', name: 'n', scopes: ['read'], added_later: 1 },
    'GET /api_keys',
    true,
  )
  expect(key).toMatchObject({ api_key_id: 'k', added_later: 1 })
})

test("coming from kalshi-typescript: the README's mapping names its real API, and the models match", () => {
  // Its side of the table, as its types declare it.
  expectTypeOf<Official.ConfigurationParameters>().toHaveProperty('apiKey')
  expectTypeOf<Official.ConfigurationParameters>().toHaveProperty('privateKeyPem')
  expectTypeOf<Official.ConfigurationParameters>().toHaveProperty('privateKeyPath')
  expectTypeOf<Official.ConfigurationParameters>().toHaveProperty('basePath')
  expectTypeOf<Official.ConfigurationParameters>().toHaveProperty('baseOptions')
  expectTypeOf<Official.ApiKeysApi>()
    .toHaveProperty('getApiKeys')
    .parameter(0)
    .toEqualTypeOf<string | undefined>()
  expectTypeOf<Official.ApiKeysApi>().toHaveProperty('createApiKey')
  expectTypeOf<Official.ApiKeysApi>().toHaveProperty('generateApiKey')
  expectTypeOf<Official.ApiKeysApi>().toHaveProperty('deleteApiKey')
  expectTypeOf<typeof Official.ApiKeyScope.ApiKeyScopeRead>().toEqualTypeOf<'read'>()
  // The same models, field for field; `key_type` came with API 3.34, after its 3.30.
  expectTypeOf<keyof Official.ApiKey>().toEqualTypeOf<keyof ApiKey>()
  expectTypeOf<keyof Official.GetApiKeysResponse>().toEqualTypeOf<keyof GetApiKeysResponse>()
  expectTypeOf<keyof Official.CreateApiKeyRequest>().toEqualTypeOf<keyof CreateApiKeyRequest>()
  expectTypeOf<keyof Official.CreateApiKeyResponse>().toEqualTypeOf<keyof CreateApiKeyResponse>()
  expectTypeOf<keyof Official.GenerateApiKeyRequest | 'key_type'>().toEqualTypeOf<
    keyof GenerateApiKeyRequest
  >()
  expectTypeOf<keyof Official.GenerateApiKeyResponse | 'key_type'>().toEqualTypeOf<
    keyof GenerateApiKeyResponse
  >()
  // What it returns passes to what we take.
  expectTypeOf<Official.ApiKey>().toExtend<ApiKey>()
  expectTypeOf<Official.CreateApiKeyRequest>().toExtend<CreateApiKeyRequest>()
})
