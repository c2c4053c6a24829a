// signWebSocketProtocols: the WebSocket sign-in the relay reads, four HTTP tokens whose signature
// verifies with the account's public key (node:crypto's fake server checks the same in the relay
// tests).
import { describe, expect, test } from 'vitest'
import { importPrivateKey, signWebSocketProtocols } from '../../src/index.js'
import { newAccount } from '../support/fake.js'

describe('signWebSocketProtocols', () => {
  test('four HTTP tokens: the relay’s protocol, then the key id, timestamp and signature', async () => {
    const account = await newAccount()
    const privateKey = await importPrivateKey(account.privateKeyPem, { extractable: true })
    const protocols = await signWebSocketProtocols(
      { keyId: account.keyId, privateKey },
      { timestamp: 1_703_123_456_789 },
    )
    expect(protocols[0]).toBe('kalshi-relay')
    for (const token of protocols) expect(token).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)
    const [, key, timestamp, signature] = protocols
    const fromUrl = (text: string) => atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    expect(fromUrl(key?.slice('kalshi-key.'.length) ?? '')).toBe(account.keyId)
    expect(timestamp).toBe('kalshi-timestamp.1703123456789')
    // The signature is over the handshake's canonical text, and verifies with the public key.
    const bytes = Uint8Array.from(
      fromUrl(signature?.slice('kalshi-signature.'.length) ?? ''),
      (c) => c.charCodeAt(0),
    )
    const spki = account.publicKeyPem.replace(/-----[^-]+-----|\s/g, '')
    const publicKey = await crypto.subtle.importKey(
      'spki',
      Uint8Array.from(atob(spki), (c) => c.charCodeAt(0)),
      { name: 'RSA-PSS', hash: 'SHA-256' },
      false,
      ['verify'],
    )
    const message = new TextEncoder().encode('1703123456789GET/trade-api/ws/v2')
    expect(
      await crypto.subtle.verify({ name: 'RSA-PSS', saltLength: 32 }, publicKey, bytes, message),
    ).toBe(true)
  })
})
