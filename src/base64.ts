/** Bytes backed by a plain `ArrayBuffer`, the kind WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>

// The alphabet, then at most two `=` at the very end; with a length that is a multiple of 4, that
// is padded base64 (atob alone would also take missing padding and whitespace).
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

type Native = Uint8Array & { toBase64?: () => string }
const nodeBuffer = (
  globalThis as { Buffer?: { from(bytes: Uint8Array): { toString(encoding: 'base64'): string } } }
).Buffer

/**
 * Standard, padded base64 of some bytes, with the fastest encoder the runtime has: it is on the
 * signing path, and Node's `btoa` takes several microseconds for one signature (profiled).
 */
export function toBase64(bytes: Uint8Array): string {
  return (
    (bytes as Native).toBase64?.() ??
    nodeBuffer?.from(bytes).toString('base64') ??
    btoa(String.fromCharCode(...bytes))
  )
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
  // A plain loop into a buffer of the right size: `Uint8Array.from` with a mapping function was
  // the top cost of importing a PEM (profiled).
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
