// The WebSocket API's handshake (`GET /trade-api/ws/v2`), as the fake server answers it: the
// KALSHI-ACCESS-* headers are checked like a REST request's (node:crypto only, via the server's
// `authenticate`), a refused handshake gets the API's 401 body, and an accepted socket echoes
// every message back. Hooked on the HTTP server's `upgrade` event.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Registry } from './registry.js'
import type { Account, TrafficEntry } from './types.js'

export const WEBSOCKET_PATH = '/trade-api/ws/v2'

/**
 * Makes the `upgrade` listener and a function that closes every open socket.
 *
 * @example
 * const sockets = webSocketEndpoint({ registry, authenticate, unauthorized })
 * server.on('upgrade', sockets.upgrade)
 */
export function webSocketEndpoint({
  registry,
  authenticate,
  unauthorized,
}: {
  registry: Registry
  authenticate: (entry: TrafficEntry, account: Account | undefined) => TrafficEntry['auth']
  unauthorized: (auth: TrafficEntry['auth']) => unknown
}): { upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void; close: () => void } {
  const wss = new WebSocketServer({ noServer: true })
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy())
    const [target = '/'] = (req.url ?? '/').split('?')
    const refuse = (status: number, body: unknown): void => {
      const text = JSON.stringify(body)
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n` +
          `connection: close\r\n\r\n${text}`,
      )
    }
    if (target !== WEBSOCKET_PATH)
      return void refuse(404, { error: { code: 'not_found', message: 'No such endpoint' } })
    const headers: Record<string, string> = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
    )
    const account = registry.owners.get(headers['kalshi-access-key'] ?? '')
    const entry: TrafficEntry = {
      method: req.method ?? 'GET',
      url: req.url ?? '',
      path: WEBSOCKET_PATH,
      headers,
      body: '',
      auth: 'missing',
      receivedAt: Date.now(),
      websocket: [],
    }
    entry.auth = authenticate(entry, account)
    account?.traffic.push(entry)
    if (entry.auth !== 'valid') {
      entry.status = 401
      return void refuse(401, unauthorized(entry.auth))
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      entry.status = 101
      ws.on('message', (data, binary) => {
        entry.websocket?.push(String(data))
        ws.send(data, { binary })
      })
    })
  }
  return {
    upgrade,
    close: () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
    },
  }
}
