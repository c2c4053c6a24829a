import { expect, test } from 'vitest'
import { createClient } from '../src/index.js'
import { FAKE_API_URL, newAccount } from './support/fake.js'

test('lists keys against the fake server', async () => {
  const account = await newAccount()
  const client = createClient({ baseUrl: FAKE_API_URL, credentials: { keyId: account.keyId, privateKey: account.privateKeyPkcs1Pem } })
  const { api_keys } = await client.getApiKeys()
  expect(api_keys.map((k) => k.api_key_id)).toEqual([account.keyId])
  const traffic = await account.traffic()
  expect(traffic.map((t) => t.auth)).toEqual(['valid'])
})
