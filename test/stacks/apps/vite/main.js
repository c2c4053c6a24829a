// The page every stack serves: signs in with a key it is handed, makes a key pair on the device
// and registers its public key, calls the API with it, and signs a WebSocket sign-in where the
// stack serves one. The driver (../../run.mjs) calls `window.stackRun` and checks the result.
import { createClient, isKalshiError, signWebSocketProtocols } from 'kalshi-webcrypto'

window.stackRun = async ({ keyId, privateKeyPem, baseUrl, websocketUrl }) => {
  try {
    const admin = createClient({ baseUrl, credentials: { keyId, privateKey: privateKeyPem } })
    const created = await admin.createApiKeyWithDeviceKey({ name: 'stack', keyType: 'ed25519' })
    const mine = createClient({ baseUrl, credentials: created.credentials })
    const { api_keys } = await mine.getApiKeys()
    const result = {
      created: created.api_key_id,
      listed: api_keys.map((key) => key.api_key_id),
      extractable: created.keyPair.privateKey.extractable,
    }
    if (websocketUrl) {
      const protocols = await signWebSocketProtocols(created.credentials, {
        timestamp: Date.now() + mine.clockOffset,
      })
      result.websocket = await new Promise((resolve, reject) => {
        const url = new URL(websocketUrl, location.href)
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
        const socket = new WebSocket(url, protocols)
        socket.onopen = () => socket.send('ping')
        socket.onmessage = (event) => {
          resolve({ protocol: socket.protocol, echo: String(event.data) })
          socket.close()
        }
        socket.onerror = () => reject(new Error('the WebSocket sign-in failed'))
      })
    }
    return result
  } catch (error) {
    return { error: isKalshiError(error) ? `${error.code}: ${error.message}` : String(error) }
  }
}
document.body.dataset.ready = 'true'
