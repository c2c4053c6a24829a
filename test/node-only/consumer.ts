// A Node-only TypeScript project's use of the package (lib ES2023, no DOM, strict, skipLibCheck
// false), compiled against the shipped dist/*.d.ts with each @types/node version by
// test/node-only/check.mjs. Keys pass both ways between the SDK and node:crypto's WebCrypto.
import { webcrypto } from 'node:crypto'
import { createServer } from 'node:http'
import {
  createClient,
  exportPublicKeyPem,
  generateKeyPair,
  importPrivateKey,
  type KalshiClient,
  signRequest,
  type WebCryptoKey,
} from 'kalshi-webcrypto'
import { createRelay } from 'kalshi-webcrypto/relay'
import { attachRelay } from 'kalshi-webcrypto/relay/node'
import { type FakeAccount, startFakeKalshi, type TrafficEntry } from 'kalshi-webcrypto/testing'

export async function main(pem: string): Promise<void> {
  const pair = await generateKeyPair({ keyType: 'ed25519' })
  const signature: ArrayBuffer = await webcrypto.subtle.sign(
    'Ed25519',
    pair.privateKey,
    new Uint8Array(1),
  )
  const fromNode = await webcrypto.subtle.generateKey('Ed25519', false, ['sign', 'verify'])
  if (!('privateKey' in fromNode)) throw new Error('a key pair')
  const publicKeyPem: string = await exportPublicKeyPem(fromNode)
  const imported: WebCryptoKey = await importPrivateKey(pem)
  const client: KalshiClient = createClient({
    environment: 'demo',
    credentials: { keyId: 'k', privateKey: imported },
  })
  const headers = await signRequest(
    { keyId: 'k', privateKey: fromNode.privateKey },
    { method: 'GET', path: '/trade-api/v2/api_keys' },
  )
  const created = await client.createApiKeyWithDeviceKey({ name: 'n', keyType: 'ed25519' })
  const extractable: boolean = created.keyPair.privateKey.extractable
  const { api_keys } = await client.getApiKeys()
  attachRelay(createServer(), createRelay({ upstream: 'demo' }))
  console.log(signature, publicKeyPem, headers['KALSHI-ACCESS-SIGNATURE'], extractable, api_keys)

  // The mistakes the types catch, in the types as shipped.
  // @ts-expect-error keyType, not keytype
  await client.createApiKeyWithDeviceKey({ name: 'n', keytype: 'ed25519' })
  // @ts-expect-error scopes, not scope
  await client.createApiKey({ name: 'n', public_key: publicKeyPem, scope: ['read'] })
  // @ts-expect-error keyType in the options, key_type on the wire
  await client.createApiKeyWithServerKey({ name: 'n', key_type: 'ed25519' })
  // @ts-expect-error a response field that does not exist
  console.log(api_keys[0]?.scope)
}

/** A test's use of the fake server, typed as shipped. */
export async function fakeServer(): Promise<TrafficEntry['auth'][]> {
  const fake = await startFakeKalshi({ maxClockSkewMs: 5_000 })
  const account: FakeAccount = await fake.createAccount({ keyType: 'ed25519', usageLevel: 'basic' })
  account.setClockOffset(-1_000)
  account.inject({ method: 'GET', status: 503, body: '<html>', times: 2 })
  const client = createClient({
    baseUrl: fake.apiUrl,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  await client.getApiKeys().catch(() => undefined)
  const verdicts = account.traffic().map((entry) => entry.auth)
  await fake.close()
  return verdicts
}
