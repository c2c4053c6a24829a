// The page of the other stacks, in strict TypeScript, built by webpack with ts-loader.
import { createClient, isKalshiError } from 'kalshi-webcrypto'

interface Run {
  keyId: string
  privateKeyPem: string
  baseUrl: string
}

declare global {
  interface Window {
    stackRun: (run: Run) => Promise<Record<string, unknown>>
  }
}

window.stackRun = async ({ keyId, privateKeyPem, baseUrl }) => {
  try {
    const admin = createClient({ baseUrl, credentials: { keyId, privateKey: privateKeyPem } })
    const created = await admin.createApiKeyWithDeviceKey({ name: 'stack', keyType: 'rsa' })
    const mine = createClient({ baseUrl, credentials: created.credentials })
    const { api_keys } = await mine.getApiKeys()
    return {
      created: created.api_key_id,
      listed: api_keys.map((key) => key.api_key_id),
      extractable: created.keyPair.privateKey.extractable,
    }
  } catch (error) {
    return { error: isKalshiError(error) ? `${error.code}: ${error.message}` : String(error) }
  }
}
document.body.dataset.ready = 'true'
