// The private key never leaves the device. Every local-key flow runs with an extractable key, so
// this test knows the key's bytes, and then searches everything the fake server recorded (URLs,
// headers, bodies) for them in every encoding the SDK produces.
import { expect, test } from 'vitest'
import { createClient, rotateApiKey } from '../../src/index.js'
import { FAKE_API_URL, newAccount, type TrafficEntry } from '../support/fake.js'

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const base64url = (bytes: Uint8Array) =>
  base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
const fromBase64url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))

/**
 * Strings that would show any `size` bytes of these (24 unless told): hex, base64 and base64url
 * of every window of that size. A window starts at every offset, so whatever the alignment of the
 * bytes inside a longer encoded message (a PEM, a DER), some window of a leak is encoded exactly
 * as here.
 */
function encodings(bytes: Uint8Array, size = 24): string[] {
  const found: string[] = []
  for (let start = 0; start + size <= bytes.length; start++) {
    const window = bytes.subarray(start, start + size)
    found.push(hex(window), base64(window), base64url(window))
  }
  return found
}

/**
 * The key's secrets: for RSA the private exponent, the primes and the CRT values; for Ed25519 its
 * 32-byte seed, searched by 12-byte windows since it is short.
 */
async function secretsOf(privateKey: CryptoKey): Promise<string[]> {
  const jwk = await crypto.subtle.exportKey('jwk', privateKey)
  if (jwk.kty === 'OKP') return encodings(fromBase64url(jwk.d as string), 12)
  return [jwk.d, jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].flatMap((part) =>
    encodings(fromBase64url(part as string)),
  )
}

function recorded(traffic: TrafficEntry[]): string {
  return traffic
    .map((entry) => [entry.url, JSON.stringify(entry.headers), entry.body].join('\n'))
    .join('\n')
}

test('no local-key flow sends any encoding of the private key', async () => {
  const account = await newAccount()
  const admin = createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })

  const created = await admin.createApiKeyWithDeviceKey({ name: 'local', extractable: true })
  const user = createClient({ baseUrl: FAKE_API_URL, credentials: created.credentials })
  await user.getApiKeys()
  const rotated = await rotateApiKey(user, { name: 'rotated', extractable: true })
  const again = createClient({ baseUrl: FAKE_API_URL, credentials: rotated.credentials })
  await rotateApiKey(again, { name: 'rotated again', extractable: true, deleteOld: false })

  const traffic = recorded(await account.traffic())
  // create; a GET; rotate: GET, POST, GET, DELETE; rotate again without deleting: GET, POST, GET
  expect(await account.traffic()).toHaveLength(9)
  for (const privateKey of [created.keyPair.privateKey, rotated.keyPair.privateKey]) {
    expect(privateKey.extractable).toBe(true)
    const secrets = await secretsOf(privateKey)
    expect(secrets.length).toBeGreaterThan(2_000)
    for (const secret of secrets) expect(traffic.includes(secret), secret.slice(0, 12)).toBe(false)
  }

  // The search itself works: the public key, which is sent, is found the same way.
  const spki = new Uint8Array(
    await crypto.subtle.exportKey('spki', created.keyPair.publicKey as CryptoKey),
  )
  const pemLines = base64(spki).match(/.{64}/g) ?? []
  expect(pemLines.length).toBeGreaterThan(4)
  for (const line of pemLines) expect(traffic).toContain(line)
  // And bytes at any alignment: stretches of the public key starting at each offset mod 3.
  for (const start of [3, 4, 5]) {
    const stretch = encodings(spki.subarray(start, start + 40))
    expect(stretch.some((encoded) => traffic.includes(encoded))).toBe(true)
  }
})

test('nor does any Ed25519 flow, device or server key, send any 12 bytes of a device-made seed', async () => {
  const account = await newAccount({ keyType: 'ed25519' })
  const admin = createClient({
    baseUrl: FAKE_API_URL,
    credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
  })
  const created = await admin.createApiKeyWithDeviceKey({
    name: 'local',
    keyType: 'ed25519',
    extractable: true,
  })
  const user = createClient({ baseUrl: FAKE_API_URL, credentials: created.credentials })
  const rotated = await rotateApiKey(user, {
    name: 'rotated',
    keyType: 'ed25519',
    extractable: true,
  })
  const again = createClient({ baseUrl: FAKE_API_URL, credentials: rotated.credentials })
  await rotateApiKey(again, {
    name: 'server',
    keyOrigin: 'server',
    keyType: 'ed25519',
    deleteOld: false,
  })

  const entries = await account.traffic()
  // create; rotate: GET, POST, GET, DELETE; through the server without deleting: GET, POST, GET
  expect(entries).toHaveLength(8)
  const traffic = recorded(entries)
  for (const privateKey of [created.keyPair.privateKey, rotated.keyPair.privateKey]) {
    const secrets = await secretsOf(privateKey)
    expect(secrets).toHaveLength(21 * 3)
    for (const secret of secrets) expect(traffic.includes(secret), secret.slice(0, 8)).toBe(false)
  }
  // The search finds what is sent: 12-byte windows of the registered public key.
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', created.keyPair.publicKey))
  expect(encodings(spki.subarray(12), 12).some((encoded) => traffic.includes(encoded))).toBe(true)
})
