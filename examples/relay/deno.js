// The relay on Deno (Deno Deploy too). Deploy as is, in a project with `npm install kalshi-webcrypto`:
//   KALSHI_UPSTREAM=demo deno run --allow-net --allow-env deno.js
// Settings (environment): as in node.mjs. Deno has no WebSocket sign-in here: use Node or a Worker.
import { createRelay } from 'kalshi-webcrypto/relay'

const env = Deno.env.toObject()
const relay = createRelay({
  upstream: env.KALSHI_UPSTREAM ?? 'demo',
  allowedOrigins: env.RELAY_ALLOWED_ORIGINS?.split(',').filter(Boolean) ?? [],
  ...(env.RELAY_TIMEOUT_MS && { timeout: Number(env.RELAY_TIMEOUT_MS) }),
  ...(env.RELAY_MAX_BODY_BYTES && { maxBodyBytes: Number(env.RELAY_MAX_BODY_BYTES) }),
  // Off unless set: the generate answer is a private key, which the relay then sees.
  ...(env.RELAY_ALLOW_GENERATE === 'true' && { allowGenerate: true }),
})
Deno.serve(
  {
    port: Number(env.PORT ?? 8788),
    hostname: env.HOST ?? '127.0.0.1',
    onListen: ({ hostname, port }) =>
      console.log(`Relay on http://${hostname}:${port}/trade-api/v2`),
  },
  relay,
)
