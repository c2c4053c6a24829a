// The relay on Bun. Deploy as is, in a project with `npm install kalshi-webcrypto` (or `bun add`):
//   KALSHI_UPSTREAM=demo bun bun.js
// Settings (environment): as in node.mjs. Bun has no WebSocket sign-in here: use Node or a Worker.
import { createRelay } from 'kalshi-webcrypto/relay'

const env = Bun.env
const relay = createRelay({
  upstream: env.KALSHI_UPSTREAM ?? 'demo',
  allowedOrigins: env.RELAY_ALLOWED_ORIGINS?.split(',').filter(Boolean) ?? [],
  ...(env.RELAY_TIMEOUT_MS && { timeout: Number(env.RELAY_TIMEOUT_MS) }),
  ...(env.RELAY_MAX_BODY_BYTES && { maxBodyBytes: Number(env.RELAY_MAX_BODY_BYTES) }),
  // Off unless set: the generate answer is a private key, which the relay then sees.
  ...(env.RELAY_ALLOW_GENERATE === 'true' && { allowGenerate: true }),
})
const server = Bun.serve({
  port: Number(env.PORT ?? 8788),
  hostname: env.HOST ?? '127.0.0.1',
  fetch: (request) => relay(request),
})
console.log(`Relay on http://${server.hostname}:${server.port}/trade-api/v2`)
