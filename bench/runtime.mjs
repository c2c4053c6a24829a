// @ts-check
// The common benchmark cases in Deno or Bun: `<runtime> bench/runtime.mjs '<setup JSON>'`, on the
// built package (dist/index.js, its dependencies from node_modules). Prints one JSON line.
import { runCommonCases } from './cases.mjs'

const g = /** @type {any} */ (globalThis)
const [json] = g.Deno ? g.Deno.args : g.process.argv.slice(2)
const runtime = g.Deno ? `Deno ${g.Deno.version.deno}` : `Bun ${g.Bun.version}`
const sdk = await import(new URL('../dist/index.js', import.meta.url).href)
const results = await runCommonCases({ sdk, ...JSON.parse(json) })
console.log(JSON.stringify({ runtime, results }))
