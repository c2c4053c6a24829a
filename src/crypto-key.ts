// The WebCrypto key types in the signatures we ship. `CryptoKey` and `CryptoKeyPair` are DOM
// names: a Node-only project (`lib` without "DOM") has no such type with @types/node 20, and only
// a value named `CryptoKey` with @types/node 22+. These aliases take the consumer's own class
// where its types declare a global one (the DOM's, Node's, a worker runtime's), so keys pass to
// and from its `crypto.subtle` unchanged, and fall back to the same shape where none is.

/**
 * The fields every WebCrypto `CryptoKey` has: what {@link WebCryptoKey} is where the project
 * declares no `CryptoKey` class (a Node-only project with `@types/node` 20).
 */
export interface CryptoKeyShape {
  /** The algorithm, such as `{ name: 'RSA-PSS', … }` or `{ name: 'Ed25519' }`. */
  readonly algorithm: { readonly name: string }
  /** Whether the key's bytes may be exported. `false` for the private keys this SDK makes. */
  readonly extractable: boolean
  /** `'private'`, `'public'` or `'secret'`. */
  readonly type: 'private' | 'public' | 'secret'
  /** What the key may do, such as `['sign']`. */
  readonly usages: (
    | 'decrypt'
    | 'deriveBits'
    | 'deriveKey'
    | 'encrypt'
    | 'sign'
    | 'unwrapKey'
    | 'verify'
    | 'wrapKey'
  )[]
}

/**
 * A WebCrypto `CryptoKey`: the `CryptoKey` of the project's own environment (the DOM's in a page,
 * Node's global one with `@types/node` 22+, a worker runtime's), or {@link CryptoKeyShape} where
 * it declares none. In a project with the DOM library, it is exactly the DOM's `CryptoKey`.
 */
export type WebCryptoKey = typeof globalThis extends { CryptoKey: { prototype: infer TKey } }
  ? TKey
  : CryptoKeyShape

/** A WebCrypto key pair (`CryptoKeyPair`), of {@link WebCryptoKey}s. */
export interface WebCryptoKeyPair {
  /** The private key: signs. Non-extractable unless asked. */
  privateKey: WebCryptoKey
  /** The public key: always extractable, for {@link exportPublicKeyPem}. */
  publicKey: WebCryptoKey
}
