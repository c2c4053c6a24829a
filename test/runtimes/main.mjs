// @ts-check
// Entry of the cross-runtime suite in Node, Deno and Bun:
// `<runtime> main.mjs <fake server URL> <its control URL>`.
// Loads the SDK as users do, the built package (dist/index.js, its dependencies from node_modules)
// and then the CDN bundle, runs the suite on each, and prints one JSON line.
import { runSuite } from './suite.mjs'

const g = /** @type {any} */ (globalThis)
const [fakeUrl, controlUrl] = g.Deno ? g.Deno.args : g.process.argv.slice(2)
const runtime = g.Deno
  ? `Deno ${g.Deno.version.deno}`
  : g.Bun
    ? `Bun ${g.Bun.version}`
    : `Node ${g.process.version}`

/** @type {Record<string, import('./suite.mjs').CaseResult[]>} */
const builds = {}
/** @type {[build: string, path: string][]} */
const paths = [
  ['dist/index.js', '../../dist/index.js'],
  ['CDN bundle', '../../dist/kalshi-webcrypto.esm.min.js'],
]
for (const [build, path] of paths) {
  const sdk = await import(new URL(path, import.meta.url).href)
  builds[build] = await runSuite({ sdk, fakeUrl, controlUrl })
}
console.log(JSON.stringify({ runtimeSuite: { runtime, builds } }))
