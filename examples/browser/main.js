// @ts-check
// The ESM example's entry: an external module, as a strict Content Security Policy requires (no
// inline scripts, hence no inline import map either). In an app with a bundler, this is
// `import * as sdk from 'kalshi-webcrypto'`; here it is the built bundle, by its URL.
import { run } from '../shared/flow.js'

/** @type {typeof import('../../src/index.js')} */
const sdk = await import(new URL('../../dist/kalshi-webcrypto.esm.min.js', import.meta.url).href)
run(sdk, /** @type {HTMLElement} */ (document.getElementById('app')))
