// Vite 8 and Vite 5 alike (no import of Vite here, so that both CLIs load it). STACK_RELAY picks
// the wiring: `plugin` (kalshi-webcrypto/vite), `proxy` (server.proxy with changeOrigin to a Node
// relay at STACK_PROXY_TARGET, the usual recipe), or `none` (no relay: the page must be told).
import kalshiRelay from 'kalshi-webcrypto/vite'

const wiring = process.env.STACK_RELAY ?? 'plugin'
const target = process.env.STACK_PROXY_TARGET

export default {
  // Vite 5's default target refuses the top-level await some dependencies use.
  build: { target: 'es2022' },
  plugins: wiring === 'plugin' ? [kalshiRelay({ upstream: process.env.KALSHI_UPSTREAM })] : [],
  server: {
    ...(wiring === 'proxy' && {
      proxy: { '/trade-api': { target, changeOrigin: true, ws: true } },
    }),
  },
  logLevel: 'warn',
  clearScreen: false,
}
