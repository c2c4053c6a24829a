/** Bytes backed by a plain `ArrayBuffer`, the kind WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>

// The alphabet, then at most two `=` at the very end; with a length that is a multiple of 4, that
// is padded base64 (atob alone would also take missing padding and whitespace).
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Standard, padded base64 of some bytes (keys and signatures: a few KB at most). */
export function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
}

/** Decodes standard, padded base64; `undefined` for anything else. */
export function fromBase64(text: string): Bytes | undefined {
  if (text.length % 4 || !BASE64.test(text)) return undefined
  let binary: string
  try {
    binary = atob(text)
  } catch {
    return undefined // "A===" and the like
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
