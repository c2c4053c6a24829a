/// <reference types="node" />
// `kalshi-webcrypto/relay/node`: the relay on Node's `http` server, WebSocket sign-in included.
// A module of its own because it needs node:http and node:https, which other runtimes lack.

/**
 * The relay on Node's `http` server, its WebSocket sign-in included.
 *
 * @module kalshi-webcrypto/relay/node
 */
import {
  request as httpRequest,
  type IncomingMessage,
  type RequestListener,
  type Server,
  STATUS_CODES,
} from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Duplex } from 'node:stream'
import { judgeOrigin } from './cors.js'
import { type RelayHandler, relaySettings } from './handler.js'
import type { RelayRule } from './rules.js'
import {
  isUpgrade,
  RELAY_PROTOCOL,
  readWebSocketCredentials,
  WEBSOCKET_KEY,
  WEBSOCKET_PATH,
} from './websocket.js'

export type { RelayHandler }

/** What a Node `upgrade` listener gets. */
export type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void

/**
 * Adapts a fetch handler (such as {@link "kalshi-webcrypto/relay"!createRelay}'s) to Node's `http` server. The body is
 * streamed to the handler, which enforces its own limit; when the browser goes away, the
 * handler's `request.signal` aborts the upstream call.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { createRelay } from 'kalshi-webcrypto/relay'
 * import { toNodeListener } from 'kalshi-webcrypto/relay/node'
 *
 * createServer(toNodeListener(createRelay({ upstream: 'demo' }))).listen(8788)
 * ```
 */
export function toNodeListener(handler: RelayHandler): RequestListener {
  return (req, res) => {
    const controller = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) controller.abort()
    })
    const answer = async () => {
      const method = req.method ?? 'GET'
      const response = await handler(
        new Request(urlOf(req), {
          method,
          headers: headersOf(req),
          body: method === 'GET' || method === 'HEAD' ? null : bodyOf(req),
          signal: controller.signal,
          duplex: 'half',
        } as RequestInit),
      )
      res.writeHead(response.status, Object.fromEntries(response.headers))
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve))
        }
      }
      res.end()
    }
    answer().catch(() => {
      // Nothing about the request or the error: a plain 500, or a cut connection mid-body.
      if (res.headersSent) return void res.destroy()
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"error":{"code":"relay_error","message":"The relay failed"}}')
    })
  }
}

/**
 * Bridges the WebSocket sign-in on Node: a browser's handshake to `/trade-api/ws/v2` carrying the
 * signed values as subprotocols (see `signWebSocketProtocols`) is sent upstream with them as
 * `KALSHI-ACCESS-*` headers; once the API accepts it, bytes pass both ways untouched until either
 * side closes. `handler` must come from {@link "kalshi-webcrypto/relay"!createRelay}, whose settings (upstream, timeout,
 * allowed origins) it follows.
 *
 * @example
 * ```ts
 * const server = createServer(toNodeListener(relay))
 * server.on('upgrade', toNodeUpgradeListener(relay))
 * ```
 */
export function toNodeUpgradeListener(handler: RelayHandler): UpgradeListener {
  const settings = relaySettings(handler)
  if (!settings) throw new TypeError('toNodeUpgradeListener needs a handler from createRelay')
  return (req, socket, head) => {
    let upgraded = false
    // Without a rule it is the relay's own failure, as in the fetch handler.
    const refuse = (status: number, message: string, rule?: RelayRule) => {
      if (upgraded || socket.destroyed) return
      const error = rule
        ? { code: 'relay_refused', message, details: { rule } }
        : { code: 'relay_error', message }
      const body = JSON.stringify({ error })
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      )
    }
    socket.on('error', () => socket.destroy())
    try {
      const headers = headersOf(req)
      const origin = judgeOrigin(new Request(urlOf(req), { headers }), settings)
      // Browsers send no Fetch Metadata on a handshake: the Origin is compared with the Host.
      if (!origin.allowed)
        return refuse(
          403,
          `${origin.why} (a WebSocket handshake has no Sec-Fetch-Site: behind a proxy that rewrites Host, list the page's origin)`,
          'origin',
        )
      if (new URL(urlOf(req)).pathname !== WEBSOCKET_PATH)
        return refuse(404, 'Only /trade-api/ws/v2 is relayed', 'path')
      const key = headers.get('sec-websocket-key') ?? ''
      if (
        !isUpgrade(headers) ||
        headers.get('sec-websocket-version') !== '13' ||
        !WEBSOCKET_KEY.test(key)
      )
        return refuse(400, 'Not a WebSocket handshake', 'websocket')
      const auth = readWebSocketCredentials(headers.get('sec-websocket-protocol'))
      if (!auth) return refuse(401, 'The handshake carries no well-formed signature', 'websocket')

      const target = new URL(settings.websocket)
      const secure = target.protocol === 'wss:'
      target.protocol = secure ? 'https:' : 'http:'
      // Only what the handshake needs: the browser's key (so that its check of the answer holds)
      // and the signed headers. No Origin, cookies, extensions or subprotocols.
      const upstream = (secure ? httpsRequest : httpRequest)(target, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': key,
          ...auth,
        },
      })
      const timer = setTimeout(() => {
        upstream.destroy()
        refuse(504, 'The WebSocket API did not answer in time', 'upstream')
      }, settings.timeout)
      socket.once('close', () => {
        clearTimeout(timer)
        if (!upgraded) upstream.destroy()
      })
      upstream.on('error', () => {
        clearTimeout(timer)
        refuse(502, 'The WebSocket API did not answer', 'upstream')
      })
      upstream.on('response', (answer) => {
        clearTimeout(timer)
        answer.resume()
        const status = answer.statusCode ?? 502
        refuse(status >= 400 ? status : 502, 'The WebSocket API refused the handshake', 'upstream')
      })
      upstream.on('upgrade', (answer, remote, remoteHead) => {
        clearTimeout(timer)
        const accept = answer.headers['sec-websocket-accept']
        if (socket.destroyed || typeof accept !== 'string') {
          remote.destroy()
          return refuse(502, 'The WebSocket API answered a bad handshake', 'upstream')
        }
        upgraded = true
        socket.write(
          'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n' +
            `sec-websocket-accept: ${accept}\r\nsec-websocket-protocol: ${RELAY_PROTOCOL}\r\n\r\n`,
        )
        if (remoteHead.length) socket.write(remoteHead)
        if (head.length) remote.write(head)
        const close = () => {
          socket.destroy()
          remote.destroy()
        }
        remote.on('error', close).on('close', close)
        socket.on('close', close)
        socket.pipe(remote)
        remote.pipe(socket)
      })
      upstream.end()
    } catch {
      refuse(500, 'The relay failed')
    }
  }
}

/**
 * Serves the relay on a Node `http` server: its requests, and its WebSocket upgrades.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { createRelay } from 'kalshi-webcrypto/relay'
 * import { attachRelay } from 'kalshi-webcrypto/relay/node'
 *
 * attachRelay(createServer(), createRelay({ upstream: 'demo' })).listen(8788, '127.0.0.1')
 * ```
 */
export function attachRelay<T extends Server>(server: T, handler: RelayHandler): T {
  server.on('request', toNodeListener(handler))
  server.on('upgrade', toNodeUpgradeListener(handler))
  return server
}

const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i

/**
 * The request's URL as the page saw it, for the same-origin check only: the upstream is fixed,
 * whatever the Host header says. A malformed Host counts as none.
 */
function urlOf(req: IncomingMessage): string {
  const host = req.headers.host ?? ''
  const tls =
    (req.socket as { encrypted?: boolean }).encrypted ||
    req.headers['x-forwarded-proto'] === 'https'
  const path = req.url?.startsWith('/') ? req.url : '/'
  return `${tls ? 'https' : 'http'}://${HOST.test(host) ? host : 'localhost'}${path}`
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    try {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value)
    } catch {} // a value fetch's Headers refuses is not one the relay forwards
  }
  return headers
}

/** The request body as a stream that pauses Node's with back-pressure, and drains it if cancelled. */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // After a cancel the stream is closed: later events from Node have nowhere to go.
      const safely = (step: () => void) => {
        try {
          step()
        } catch {}
      }
      req.on('data', (chunk: Buffer) => {
        safely(() => controller.enqueue(new Uint8Array(chunk)))
        if ((controller.desiredSize ?? 0) <= 0) req.pause()
      })
      req.once('end', () => safely(() => controller.close()))
      req.once('error', (error) => safely(() => controller.error(error)))
    },
    pull() {
      req.resume()
    },
    cancel() {
      // Read on and throw away, so that the answer (a 413) can still be sent on this connection.
      req.removeAllListeners('data')
      req.resume()
    },
  })
}
