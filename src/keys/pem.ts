import { type Bytes, fromBase64, toBase64 } from '../base64.js'
import { KalshiKeyError } from '../errors.js'
import { forgetLastMatch } from '../regexp-statics.js'

/** One armoured block: its label (`RSA PRIVATE KEY`, …), whether RFC 1421 headers mark it encrypted, its bytes. */
export interface PemBlock {
  readonly label: string
  readonly encrypted: boolean
  readonly der: Bytes
}

const BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/g

/**
 * Reads every PEM block in `text`, tolerating CRLF, indentation, blank lines and text around the
 * blocks. Returns `[]` when there is no `BEGIN` line at all, so the caller can try bare base64.
 */
export function parsePem(text: string): PemBlock[] {
  return [...text.matchAll(BEGIN)].map((match) => {
    const label = match[1] as string
    const bodyStart = match.index + match[0].length
    const endLine = `-----END ${label}-----`
    const bodyEnd = text.indexOf(endLine, bodyStart)
    if (bodyEnd === -1) {
      throw new KalshiKeyError('ERR_KEY_FORMAT', `PEM block "${label}" has no END line`)
    }
    return readBody(label, text.slice(bodyStart, bodyEnd))
  })
}

function readBody(label: string, body: string): PemBlock {
  // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: …"), as OpenSSL writes them for
  // legacy encrypted keys, are the only lines with a colon.
  const headers = body.includes(':')
  const encrypted = headers && /^\s*Proc-Type:.*ENCRYPTED/im.test(body)
  const der = decodeBareBase64(headers ? body.replace(/^.*:.*$/gm, '') : body)
  if (!der) {
    throw new KalshiKeyError('ERR_KEY_FORMAT', `PEM block "${label}" is not valid base64`)
  }
  return { label, encrypted, der }
}

/**
 * Decodes text with no PEM armour at all: the base64 of a DER key, whitespace allowed.
 * `undefined` when the text is not base64.
 */
export function decodeBareBase64(text: string): Bytes | undefined {
  const der = fromBase64(text.replace(/\s+/g, ''))
  return der?.length ? der : undefined
}

/** Armours DER bytes as PEM, 64 base64 characters per line, ending with a newline. */
export function formatPem(label: string, der: Uint8Array): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? []
  forgetLastMatch() // the statics would hold the key's base64 (exportPrivateKeyPem)
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}
