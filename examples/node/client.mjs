// @ts-check
// The client the Node examples share, configured from the environment:
//   KALSHI_API_KEY_ID        the API key id
//   KALSHI_PRIVATE_KEY_PATH  a PEM file (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY"), or
//   KALSHI_PRIVATE_KEY       the PEM itself
//   KALSHI_BASE_URL          optional; else KALSHI_ENV = demo (the default here) or production
import { readFile } from 'node:fs/promises'
import { createClient } from 'kalshi-webcrypto'

export async function clientFromEnv(env = process.env) {
  const keyId = env.KALSHI_API_KEY_ID
  const privateKey = env.KALSHI_PRIVATE_KEY_PATH
    ? await readFile(env.KALSHI_PRIVATE_KEY_PATH, 'utf8')
    : env.KALSHI_PRIVATE_KEY
  if (!keyId || !privateKey) {
    throw new Error('Set KALSHI_API_KEY_ID and KALSHI_PRIVATE_KEY_PATH (or KALSHI_PRIVATE_KEY)')
  }
  const where = env.KALSHI_BASE_URL
    ? { baseUrl: env.KALSHI_BASE_URL }
    : {
        environment: /** @type {'production' | 'demo'} */ (
          env.KALSHI_ENV === 'production' ? 'production' : 'demo'
        ),
      }
  return createClient({ ...where, credentials: { keyId, privateKey } })
}

/** Runs a script's main, printing errors as code + message rather than a stack. */
export function main(/** @type {() => Promise<void>} */ body) {
  body().catch((error) => {
    console.error(
      error.code ? `${error.name} ${error.code}: ${error.message}` : String(error.message ?? error),
    )
    process.exitCode = 1
  })
}
