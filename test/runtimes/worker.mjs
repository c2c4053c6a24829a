// @ts-check
// Entry of the cross-runtime suite in workerd (Cloudflare Workers' runtime), run by miniflare:
// a Worker whose fetch handler runs the suite on the package as a Worker's bundler makes it
// (dist/index.js with ky and valibot bundled in) and on the CDN bundle, and answers the results.
// The module names `./package.js` and `./cdn.js` are given by test/engines/runtimes.node.test.ts.
// @ts-expect-error given by miniflare: dist/kalshi-webcrypto.esm.min.js
import * as cdn from './cdn.js'
// @ts-expect-error given by miniflare: dist/index.js, bundled
import * as pkg from './package.js'
import { runSuite } from './suite.mjs'

export default {
  /** @param {Request} request */
  async fetch(request) {
    const { fakeUrl, controlUrl } = await request.json()
    /** @type {Record<string, import('./suite.mjs').CaseResult[]>} */
    const builds = {}
    builds['dist/index.js'] = await runSuite({ sdk: /** @type {any} */ (pkg), fakeUrl, controlUrl })
    builds['CDN bundle'] = await runSuite({ sdk: /** @type {any} */ (cdn), fakeUrl, controlUrl })
    return Response.json({ runtimeSuite: { runtime: navigator.userAgent, builds } })
  },
}
