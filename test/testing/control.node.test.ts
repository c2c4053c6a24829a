// The typed control API of `kalshi-webcrypto/testing`: each control changes what the server
// answers to a signed call (not only what it reports), and the HTTP routes are the same controls.
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  createClient,
  exportPublicKeyPem,
  generateKeyPair,
  importPrivateKey,
  signRequest,
} from '../../src/index.js'
import { type FakeAccount, type FakeKalshi, startFakeKalshi } from '../../src/testing/index.js'

let fake: FakeKalshi
beforeAll(async () => {
  fake = await startFakeKalshi()
})
afterAll(() => fake.close())

const clientOf = (account: FakeAccount) =>
  createClient({
    baseUrl: fake.apiUrl,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    retry: 0,
  })

test('setUsageLevel: basic may not register its own public key (403), premier may', async () => {
  const account = await fake.createAccount()
  const client = clientOf(account)
  const public_key = await exportPublicKeyPem(await generateKeyPair())
  account.setUsageLevel('basic')
  expect(account.settings().usageLevel).toBe('basic')
  await expect(
    client.createApiKey({ name: 'mine', public_key, scopes: ['read'] }),
  ).rejects.toMatchObject({ status: 403 })
  account.setUsageLevel('premier')
  const { api_key_id } = await client.createApiKey({ name: 'mine', public_key, scopes: ['read'] })
  expect(account.keys().map((key) => key.api_key_id)).toContain(api_key_id)
})

test('setClockOffset: a server clock a minute ahead refuses a timestamp of now', async () => {
  const account = await fake.createAccount({ keyType: 'ed25519' })
  expect(account.keyType).toBe('ed25519')
  const credentials = {
    keyId: account.keyId,
    privateKey: await importPrivateKey(account.privateKeyPem),
  }
  // Signed by hand, so that no clock correction of the client's hides the server's verdict.
  const call = async () =>
    (
      await fetch(`${fake.apiUrl}/api_keys`, {
        headers: await signRequest(credentials, { method: 'GET', path: '/trade-api/v2/api_keys' }),
      })
    ).status
  account.setClockOffset(60_000)
  expect(await call()).toBe(401)
  account.setClockOffset(0)
  expect(await call()).toBe(200)
  expect(account.traffic().map((entry) => entry.auth)).toEqual(['expired', 'valid'])
})

test('inject: the next matching request gets the fault, the one after is served', async () => {
  const account = await fake.createAccount()
  account.inject({ method: 'GET', status: 418, body: { error: { code: 'teapot' } } })
  await expect(clientOf(account).getApiKeys()).rejects.toMatchObject({ status: 418 })
  expect((await clientOf(account).getApiKeys()).api_keys).toHaveLength(1)
  expect(account.traffic().map((entry) => [entry.status, entry.fault])).toEqual([
    [418, 'status'],
    [200, undefined],
  ])
})

test('addKey makes a working key; account(id) is the same account; violations are taken once', async () => {
  const account = await fake.createAccount({ offSpec: false })
  const added = await account.addKey({ name: 'reader', scopes: ['read'], keyType: 'ed25519' })
  expect(account.keys().find((key) => key.api_key_id === added.keyId)).toMatchObject({
    name: 'reader',
    scopes: ['read'],
    keyType: 'ed25519',
  })
  expect(fake.account(account.accountId)?.keys()).toEqual(account.keys())
  expect(fake.account('no-such-account')).toBeUndefined()
  // An unknown query parameter is off the spec: recorded, handed out once, to this account only.
  await fetch(`${fake.apiUrl}/api_keys?bogus=1`, {
    headers: { 'kalshi-access-key': account.keyId },
  })
  const other = await fake.createAccount()
  expect(other.takeViolations()).toEqual([])
  const taken = account.takeViolations()
  expect(taken.map((v) => v.problems.join('; '))).toEqual([
    expect.stringContaining('unknown query parameter bogus'),
  ])
  expect(account.takeViolations()).toEqual([])
})

test('the HTTP control routes steer the same account as the typed API', async () => {
  const account = await fake.createAccount()
  const patched = await fetch(`${fake.controlUrl}/accounts/${account.accountId}`, {
    method: 'PATCH',
    body: JSON.stringify({ usageLevel: 'advanced', clockOffsetMs: 5 }),
  })
  expect(await patched.json()).toMatchObject({ usageLevel: 'advanced', clockOffsetMs: 5 })
  expect(account.settings()).toMatchObject({ usageLevel: 'advanced', clockOffsetMs: 5 })
  const made = await fetch(`${fake.controlUrl}/accounts`, { method: 'POST', body: '{}' })
  const { accountId } = (await made.json()) as { accountId: string }
  expect(fake.account(accountId)?.settings().usageLevel).toBe('premier')
})
