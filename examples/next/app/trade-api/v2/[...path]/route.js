// The relay as a Next.js App Router route handler: this file, at
// app/trade-api/v2/[...path]/route.js, after `npm install kalshi-webcrypto`. The page calls
// createClient({ baseUrl: '/trade-api/v2', credentials }). No allowedOrigins: the relay trusts the
// browser's Sec-Fetch-Site, so the page's own calls pass at localhost, 127.0.0.1 or a real domain
// behind a proxy. Route handlers cannot take WebSocket upgrades: for the WebSocket sign-in, run
// the Node relay or a Worker next to the app.
import { createRelay } from 'kalshi-webcrypto/relay'

const relay = createRelay({ upstream: process.env.KALSHI_UPSTREAM ?? 'demo' })

/** @param {Request} request */
const handle = (request) => relay(request)

export { handle as DELETE, handle as GET, handle as POST, handle as PUT }
