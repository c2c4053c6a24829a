// Opening a WebSocket from Node (the `ws` package) and reading how the handshake went.
import WebSocket from 'ws'

export type Handshake =
  | { opened: true; protocol: string; echo: string }
  | { opened: false; status: number; body: string }

/** Opens `url` with these subprotocols and headers; once open, sends `message` and waits for its echo. */
export function openWebSocket(
  url: string,
  protocols: string[],
  headers: Record<string, string> = {},
  message = 'ping',
): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, { headers })
    socket.on('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => {
        body += chunk
      })
      response.on('end', () => resolve({ opened: false, status: response.statusCode ?? 0, body }))
      response.on('error', reject)
    })
    socket.on('open', () => socket.send(message))
    socket.on('message', (data) => {
      resolve({ opened: true, protocol: socket.protocol, echo: String(data) })
      socket.close()
    })
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error)
    })
  })
}
