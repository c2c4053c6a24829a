// A PEM block, armour and all, even when its END line is missing.
const PEM_BLOCK = /-----BEGIN [^-]*-----[\s\S]*?(?:-----END [^-]*-----|$)/g
// A run of base64 long enough to be key material or a signature (an RSA-2048 signature is 344
// characters). Ids, codes and ordinary words are far shorter.
const LONG_BASE64 = /[A-Za-z0-9+/_-]{64,}={0,2}/g

/**
 * Replaces anything that looks like key material or a signature with `[redacted]`. Every message
 * the SDK builds passes through here, including text echoed back by a server.
 */
export function redact(text: string): string {
  return text.replace(PEM_BLOCK, '[redacted PEM]').replace(LONG_BASE64, '[redacted]')
}
