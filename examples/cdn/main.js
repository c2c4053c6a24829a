// @ts-check
// The CDN example's entry: the classic script tag before it defined the global KalshiWebCrypto.
import { run } from '../shared/flow.js'

run(
  /** @type {any} */ (window).KalshiWebCrypto,
  /** @type {HTMLElement} */ (document.getElementById('app')),
)
