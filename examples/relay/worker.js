// The relay as a Cloudflare Worker (module syntax), WebSocket sign-in included. Deploy as is with
// `npm install kalshi-webcrypto` and `npx wrangler deploy` beside wrangler.toml; settings are the
// Worker's variables: KALSHI_UPSTREAM ('production', 'demo' or a REST base URL),
// RELAY_ALLOWED_ORIGINS (comma-separated), RELAY_TIMEOUT_MS, RELAY_MAX_BODY_BYTES,
// RELAY_ALLOW_GENERATE ('true' lets POST /api_keys/generate through).
import { createRelay } from 'kalshi-webcrypto/relay'

/** @type {WeakMap<object, (request: Request) => Promise<Response>>} */
const relays = new WeakMap()

export default {
  /**
   * @param {Request} request
   * @param {Record<string, string | undefined>} env
   */
  fetch(request, env) {
    let relay = relays.get(env)
    if (!relay) {
      relay = createRelay({
        upstream: env.KALSHI_UPSTREAM ?? 'demo',
        allowedOrigins: env.RELAY_ALLOWED_ORIGINS?.split(',').filter(Boolean) ?? [],
        ...(env.RELAY_TIMEOUT_MS && { timeout: Number(env.RELAY_TIMEOUT_MS) }),
        ...(env.RELAY_MAX_BODY_BYTES && { maxBodyBytes: Number(env.RELAY_MAX_BODY_BYTES) }),
        // Off unless set: the generate answer is a private key, which the relay then sees.
        ...(env.RELAY_ALLOW_GENERATE === 'true' && { allowGenerate: true }),
      })
      relays.set(env, relay)
    }
    return relay(request)
  },
}
