// @ts-check
// The common benchmark cases in workerd (run by bench/run.mjs through miniflare), on the CDN
// bundle. Local workerd's clock advances during CPU work (unlike Cloudflare's edge, where it
// moves only on I/O), so the timings mean what they mean elsewhere.
import { runCommonCases } from './cases.mjs'
// @ts-expect-error given by bench/run.mjs through miniflare: dist/kalshi-webcrypto.esm.min.js
import * as sdk from './sdk.js'

export default {
  /** @param {Request} request */
  async fetch(request) {
    const setup = await request.json()
    const results = await runCommonCases({ sdk: /** @type {any} */ (sdk), ...setup })
    return Response.json({ runtime: `workerd (${navigator.userAgent})`, results })
  },
}
