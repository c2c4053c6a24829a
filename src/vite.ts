// `kalshi-webcrypto/vite`: the relay on Vite's own server, `vite` (dev) and `vite preview`, REST
// and WebSocket sign-in, so that a page calls `/trade-api/v2` on its own origin. Vite is the
// caller's: only its types are imported here, never its code.
import type { Plugin, PreviewServer, ViteDevServer } from 'vite'
import { createRelay, type RelayOptions } from './relay/index.js'
import { toNodeListener, toNodeUpgradeListener } from './relay/node.js'

export type { RelayOptions }

/**
 * A Vite plugin that mounts the secret-free relay (see `createRelay` in `kalshi-webcrypto/relay`)
 * on the dev server and on `vite preview`: requests under `/trade-api/` go to the relay, WebSocket
 * upgrades to `/trade-api/ws/v2` are bridged; everything else is Vite's. For the production build,
 * deploy the relay next to the built files (a Worker, a Node server: see the README).
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite'
 * import kalshiRelay from 'kalshi-webcrypto/vite'
 *
 * export default defineConfig({ plugins: [kalshiRelay({ upstream: 'demo' })] })
 * // in the page: createClient({ baseUrl: '/trade-api/v2', credentials })
 * ```
 */
export default function kalshiRelay(options: RelayOptions): Plugin {
  const relay = createRelay(options)
  const listener = toNodeListener(relay)
  const upgrade = toNodeUpgradeListener(relay)
  const mount = (server: ViteDevServer | PreviewServer) => {
    // A filter, not `use('/trade-api', …)`: Connect strips a mount prefix from `req.url`, and the
    // relay checks the whole path. Added before Vite's own middlewares, so that its fallback page
    // never answers an API path.
    server.middlewares.use((req, res, next) => {
      if (ours(req.url)) listener(req, res)
      else next()
    })
    // Vite's HMR socket and its proxies take only their own upgrades; this one takes only ours.
    // No http server in middleware mode: the host app serves the upgrades then.
    server.httpServer?.on('upgrade', (req, socket, head) => {
      if (ours(req.url)) upgrade(req, socket, head)
    })
  }
  return { name: 'kalshi-webcrypto:relay', configureServer: mount, configurePreviewServer: mount }
}

const ours = (url: string | undefined): boolean => url?.startsWith('/trade-api/') === true
