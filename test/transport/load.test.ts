// Many calls in flight on one client: each signed afresh and verified by the server, the PEM
// imported once, and the retries of different calls independent of each other.
import { expect, test, vi } from 'vitest'
import { createClient } from '../../src/index.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'

test('500 concurrent calls are all signed correctly, with one import of the PEM', {
  timeout: 60_000,
}, async () => {
  const account = await newAccount()
  const importKey = vi.spyOn(crypto.subtle, 'importKey')
  try {
    const client = createClient({
      baseUrl: FAKE_API_URL,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    })
    const results = await Promise.all(Array.from({ length: 500 }, () => client.getApiKeys()))
    expect(
      results.filter((result) => result.api_keys[0]?.api_key_id === account.keyId),
    ).toHaveLength(500)
    expect(importKey).toHaveBeenCalledTimes(1)
  } finally {
    importKey.mockRestore()
  }
  const traffic = await account.traffic()
  expect(traffic).toHaveLength(500)
  expect(traffic.filter((entry) => entry.auth === 'valid')).toHaveLength(500)
  expect(new Set(traffic.map((entry) => entry.headers['kalshi-access-signature'])).size).toBe(500)
})

test('retries of concurrent calls are independent', { timeout: 60_000 }, async () => {
  const account = await newAccount()
  await account.inject({
    status: 503,
    body: { error: { code: 'busy', message: 'later' } },
    times: 5,
  })
  const client = createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  const results = await Promise.all(Array.from({ length: 20 }, () => client.getApiKeys()))
  expect(results).toHaveLength(20)
  const statuses = (await account.traffic()).map((entry) => entry.status)
  expect(statuses.filter((status) => status === 503)).toHaveLength(5)
  expect(statuses.filter((status) => status === 200)).toHaveLength(20)
})
