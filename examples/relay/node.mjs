#!/usr/bin/env node
// @ts-check
// The relay on Node, WebSocket sign-in included. Deploy as is, after `npm install kalshi-webcrypto`
// (an .mjs file, so that it runs in an `npm init -y` project, which npm makes "type": "commonjs"):
//   KALSHI_UPSTREAM=demo PORT=8788 node node.mjs
// Settings (environment): KALSHI_UPSTREAM ('production', 'demo' or a REST base URL),
// RELAY_ALLOWED_ORIGINS (comma-separated origins of pages on other origins), RELAY_TIMEOUT_MS,
// RELAY_MAX_BODY_BYTES, RELAY_ALLOW_GENERATE ('true' lets POST /api_keys/generate through),
// PORT (0: any free port), HOST (default 127.0.0.1).
import { createServer } from 'node:http'
import { createRelay } from 'kalshi-webcrypto/relay'
import { attachRelay } from 'kalshi-webcrypto/relay/node'

const env = process.env
const relay = createRelay({
  upstream: env.KALSHI_UPSTREAM ?? 'demo',
  allowedOrigins: env.RELAY_ALLOWED_ORIGINS?.split(',').filter(Boolean) ?? [],
  ...(env.RELAY_TIMEOUT_MS && { timeout: Number(env.RELAY_TIMEOUT_MS) }),
  ...(env.RELAY_MAX_BODY_BYTES && { maxBodyBytes: Number(env.RELAY_MAX_BODY_BYTES) }),
  // Off unless set: the generate answer is a private key, which the relay then sees.
  ...(env.RELAY_ALLOW_GENERATE === 'true' && { allowGenerate: true }),
})
const server = attachRelay(createServer(), relay)
server.listen(Number(env.PORT ?? 8788), env.HOST ?? '127.0.0.1', () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  console.log(`Relay on http://${address.address}:${address.port}/trade-api/v2`)
})
