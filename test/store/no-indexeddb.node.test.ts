// Where IndexedDB does not exist, the key store is harmless to make and says why it cannot work.
import { expect, test } from 'vitest'
import {
  createKeyStore,
  generateKeyPair,
  KalshiError,
  requestPersistentStorage,
} from '../../src/index.js'

test('every call rejects with ERR_UNSUPPORTED_RUNTIME', async () => {
  const store = createKeyStore() // no throw: a module may make one during server-side rendering
  const { privateKey } = await generateKeyPair()
  for (const call of [
    () => store.save('main', { keyId: 'k', privateKey }),
    () => store.load('main'),
    () => store.delete('main'),
    () => store.list(),
  ]) {
    const error = await call().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(KalshiError)
    expect(error).toMatchObject({ code: 'ERR_UNSUPPORTED_RUNTIME' })
  }
})

test('requestPersistentStorage is false where there is no such storage', async () => {
  expect(await requestPersistentStorage()).toBe(false)
})
