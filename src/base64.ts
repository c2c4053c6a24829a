/** Bytes backed by a plain `ArrayBuffer`, the kind WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Standard, padded base64 of some bytes. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Decodes standard, padded base64; `undefined` for anything else (`atob` alone is too lenient). */
export function fromBase64(text: string): Bytes | undefined {
  if (!BASE64.test(text)) return undefined
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
