// A PEM block, armour and all, even when its END line is missing.
const PEM_BLOCK = /-----BEGIN [^-]*-----[\s\S]*?(?:-----END [^-]*-----|$)/g
// A run of base64 (standard or URL-safe, wrapped at any width) long enough to be key material
// or a signature: an RSA-2048 signature is 344 characters.
const BASE64_RUN = /[\w+/-](?:\r?\n?[\w+/-]){63,}={0,2}/g

/**
 * Replaces anything that looks like key material or a signature with `[redacted]`. Every message
 * the SDK builds passes through here, including text echoed back by a server. Runs without
 * upper case, lower case and digits together (ids, paths, codes) are left as they are.
 */
export function redact(text: string): string {
  return text
    .replace(PEM_BLOCK, '[redacted PEM]')
    .replace(BASE64_RUN, (run) =>
      /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run) ? '[redacted]' : run,
    )
}
