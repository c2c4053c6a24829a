// The WebSocket bridge where the runtime is Cloudflare's workerd: `fetch` with `Upgrade:
// websocket` opens the upstream socket, and a `WebSocketPair` answers the browser; messages pass
// both ways until either side closes.

import type { KalshiAuthHeaders } from '../signer.js'
import type { RelaySettings } from './options.js'
import { refuse } from './rules.js'
import { RELAY_PROTOCOL } from './websocket.js'

/** The part of workerd's WebSocket API the bridge uses. */
interface WorkerSocket {
  accept(): void
  send(data: string | ArrayBuffer): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'message', listener: (event: { data: string | ArrayBuffer }) => void): void
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void
  addEventListener(type: 'error', listener: () => void): void
}
type WebSocketPairClass = new () => { 0: WorkerSocket; 1: WorkerSocket }

/** workerd's `WebSocketPair`, where there is one. */
export const webSocketPair = (): WebSocketPairClass | undefined =>
  (globalThis as { WebSocketPair?: WebSocketPairClass }).WebSocketPair

/** Opens the upstream socket with the signed headers and bridges it to a new one for the browser. */
export async function bridgeInWorker(
  Pair: WebSocketPairClass,
  auth: KalshiAuthHeaders,
  settings: RelaySettings,
  signal: AbortSignal,
): Promise<Response> {
  const url = new URL(settings.websocket)
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:'
  // A redirect would carry the signed handshake to its target: not followed, and refused below
  // (a 3xx has no webSocket).
  const answer = await settings.fetch(url, {
    headers: { upgrade: 'websocket', ...auth },
    redirect: 'manual',
    signal,
  })
  const upstream = (answer as Response & { webSocket?: WorkerSocket | null }).webSocket
  if (!upstream) {
    // The upstream refused the handshake (a bad or stale signature): its status, nothing else.
    await answer.body?.cancel()
    return refuse(
      answer.status >= 400 ? answer.status : 502,
      'The WebSocket API refused the handshake',
      undefined,
      undefined,
      'upstream',
    )
  }
  const { 0: browser, 1: relay } = new Pair()
  relay.accept()
  upstream.accept()
  pipe(relay, upstream)
  pipe(upstream, relay)
  return new Response(null, {
    status: 101,
    headers: { 'sec-websocket-protocol': RELAY_PROTOCOL },
    webSocket: browser,
  } as ResponseInit)
}

function pipe(from: WorkerSocket, to: WorkerSocket): void {
  from.addEventListener('message', (event) => {
    try {
      to.send(event.data)
    } catch {}
  })
  // 1005 and 1006 say "no code" and may not be sent: the other side gets a plain close.
  from.addEventListener('close', ({ code, reason }) => {
    try {
      to.close(code === 1005 || code === 1006 ? 1000 : code, reason)
    } catch {}
  })
  from.addEventListener('error', () => {
    try {
      to.close(1011, 'The other side failed')
    } catch {}
  })
}
