/** An RSA-PSS pair of 1024 bits, made with WebCrypto itself: the SDK must refuse it everywhere. */
export function smallRsaKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(
    {
      name: 'RSA-PSS',
      hash: 'SHA-256',
      modulusLength: 1024,
      publicExponent: Uint8Array.of(1, 0, 1),
    },
    false,
    ['sign', 'verify'],
  ) as Promise<CryptoKeyPair>
}
