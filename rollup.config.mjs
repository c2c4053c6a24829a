// @ts-check
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'
import { dts } from 'rollup-plugin-dts'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const banner = `/*! ${pkg.name} ${pkg.version} (${pkg.license}), with ky and valibot (MIT) */`
const keysBanner = `/*! ${pkg.name} ${pkg.version} (${pkg.license}), keys only */`
const testingBanner = `/*! ${pkg.name} ${pkg.version} (${pkg.license}), testing: with ws, ajv and its dependencies (MIT, fast-uri BSD-3-Clause) */`

// Size budgets, gzip bytes per file, set from measurement (BENCHMARKS.md): deterministic byte
// counts, not timings, checked on every build. The CDN bundles carry ky and valibot whole, as
// published; an npm entry is counted with everything it imports but ky and valibot.
// Measured budgets: 17 KiB and 5.25 KiB until issue 19, whose rate-limit pacing (about 1 KB gzip)
// and store-following client (about 0.8 KB, and 70 B of the store's announcements in the keys
// files) raised them; smaller code brought them down again. 2026-12-07: the IIFE 18,802 B and its
// ESM twin 18,796 B; the keys IIFE 5,077 B and its ESM twin 5,106 B, under the 5 KiB goal. The
// IIFE's goal (16 KiB) is in BENCHMARKS.md, "Where a goal is missed".
/** @type {Record<string, number>} */
const BUDGETS = {
  'kalshi-webcrypto.min.js': 18.4 * 1024,
  'kalshi-webcrypto.esm.min.js': 18.4 * 1024,
  'kalshi-webcrypto-keys.min.js': 5 * 1024,
  'kalshi-webcrypto-keys.esm.min.js': 5 * 1024,
}
// What an entry must never carry (the CDN bundles are checked by their entry's name): the keys
// alone need no HTTP client and no schemas; no browser entry carries the fake server.
/** @type {Record<string, RegExp>} */
const FORBIDDEN = {
  keys: /\/node_modules\/(ky|valibot|ws|ajv)\/|\/src\/(transport|schemas|client)\.ts$|\/src\/testing\/|^(ky|valibot)(\/|$)|^node:/,
  // What a browser app installs: none of the fake server (Node-only, ws, ajv) in any entry.
  index: /\/src\/testing\/|\/node_modules\/(ws|ajv)\/|^node:/,
}

const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    compilerOptions: {
      noEmit: false,
      declaration: false,
      sourceMap: true,
      allowJs: false,
      checkJs: false,
      removeComments: true,
    },
    include: ['src/**/*.ts'],
  })

/**
 * Prints raw, gzip and brotli sizes and the SRI hash of every entry and bundle, as jose's bundle
 * report does; an npm entry is measured with the files it imports. Fails the build when a file is
 * over its budget, or when an entry carries a module it must not.
 * @returns {import('rollup').Plugin}
 */
function report() {
  return {
    name: 'report',
    generateBundle(_, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk' || !file.isEntry) continue
        // The entry and, transitively, the chunks of this build it imports (not the externals).
        const closure = new Set([file.fileName])
        for (const name of closure) {
          const chunk = bundle[name]
          if (chunk?.type === 'chunk')
            for (const id of chunk.imports) if (bundle[id]) closure.add(id)
        }
        const chunks = [...closure].map(
          (name) => /** @type {import('rollup').OutputChunk} */ (bundle[name]),
        )
        const bytes = Buffer.from(chunks.map((chunk) => chunk.code).join('\n'))
        const gzip = gzipSync(bytes, { level: 9 }).length
        const brotli = brotliCompressSync(bytes, {
          params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY },
        }).length
        const sri = `sha384-${createHash('sha384').update(file.code).digest('base64')}`
        const budget = BUDGETS[file.fileName]
        const files = closure.size > 1 ? ` (${closure.size} files)` : ''
        console.log(
          `${`${file.fileName}${files}`.padEnd(40)} ${String(bytes.length).padStart(6)} B  gzip ${String(gzip).padStart(5)} B  brotli ${String(brotli).padStart(5)} B${budget ? `  budget ${budget} B` : ''}  ${closure.size > 1 ? '' : sri}`,
        )
        if (budget && gzip > budget)
          this.error(`${file.fileName} is ${gzip} B gzip, over its ${budget} B budget`)
        const forbidden = FORBIDDEN[file.name]
        const carried = chunks.flatMap((chunk) => [...Object.keys(chunk.modules), ...chunk.imports])
        const leak = forbidden && carried.find((id) => forbidden.test(id.replaceAll('\\', '/')))
        if (leak) this.error(`${file.fileName} must not carry ${leak}`)
      }
    },
  }
}

/** @param {boolean} toplevel */
const minify = (toplevel) =>
  terser({
    ecma: 2020,
    toplevel,
    compress: { passes: 3, pure_getters: true },
    format: { comments: /^!/ },
  })

const external = Object.keys(pkg.dependencies)
const entries = { index: 'src/index.ts', keys: 'src/keys.ts' }
// The Vite plugin rides with the relay (it is the Node adapter on Vite's server); Vite itself is
// the caller's, types only.
const relayEntries = {
  relay: 'src/relay/index.ts',
  'relay-node': 'src/relay/node.ts',
  vite: 'src/vite.ts',
}

/**
 * A CDN bundle, ESM and IIFE: one file each, everything in it, ky and valibot as published.
 * @param {string} input
 * @param {string} file the IIFE's file name, without `.min.js`
 * @param {string} name the IIFE's global
 * @param {string} banner
 * @returns {import('rollup').RollupOptions}
 */
const cdn = (input, file, name, banner) => ({
  input,
  plugins: [nodeResolve({ browser: true }), ts()],
  output: [
    {
      file: `dist/${file}.esm.min.js`,
      format: 'es',
      sourcemap: true,
      banner,
      plugins: [minify(true), report()],
    },
    {
      file: `dist/${file}.min.js`,
      format: 'iife',
      name,
      sourcemap: true,
      banner,
      // Not `toplevel` here: that would mangle away the global the IIFE exists to define.
      plugins: [minify(false), report()],
    },
  ],
})

// `kalshi-webcrypto/testing` and its command: Node only, in files of their own, with what they
// use of ws and Ajv bundled in (no dependency for any install) and the spec inlined as JSON.
const testingEntries = { testing: 'src/testing/index.ts', 'testing-cli': 'src/testing/cli.ts' }

export default [
  // The npm entries, one file per module as in src/: a bundler keeps only the modules an app
  // imports (`sideEffects: false`), and `kalshi-webcrypto/keys` is the same code as the main entry.
  {
    input: entries,
    external,
    plugins: [ts(), report()],
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      preserveModules: true,
      preserveModulesRoot: 'src',
    },
  },
  cdn('src/index.ts', 'kalshi-webcrypto', 'KalshiWebCrypto', banner),
  cdn('src/keys.ts', 'kalshi-webcrypto-keys', 'KalshiWebCryptoKeys', keysBanner),
  {
    input: entries,
    external,
    plugins: [dts()],
    output: { dir: 'dist', format: 'es', chunkFileNames: 'types-[hash].d.ts' },
  },
  // `kalshi-webcrypto/relay` and `kalshi-webcrypto/relay/node`: for servers and workers, never in
  // the browser bundles. The code both use goes into one shared file.
  {
    input: relayEntries,
    external: [...external, /^node:/, 'vite'],
    plugins: [ts(), report()],
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'relay-shared.js',
    },
  },
  {
    input: relayEntries,
    external: [/^node:/, 'vite'],
    plugins: [dts()],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].d.ts',
      chunkFileNames: 'relay-shared.d.ts',
      // The Node adapter's types are Node's own.
      banner: (/** @type {import('rollup').RenderedChunk} */ chunk) =>
        chunk.fileName === 'relay-node.d.ts' || chunk.fileName === 'vite.d.ts'
          ? '/// <reference types="node" />'
          : '',
    },
  },
  {
    input: testingEntries,
    external: [/^node:/, 'bufferutil', 'utf-8-validate'],
    plugins: [
      nodeResolve({ preferBuiltins: true }),
      commonjs(),
      json({ preferConst: true }),
      ts(),
      report(),
    ],
    output: {
      dir: 'dist',
      format: 'es',
      // Not minified, so its stack traces read as they are: no source map to ship (ajv's would be 0.8 MB).
      sourcemap: false,
      banner: (/** @type {import('rollup').RenderedChunk} */ chunk) =>
        chunk.fileName === 'testing-cli.js'
          ? `#!/usr/bin/env node\n${testingBanner}`
          : testingBanner,
      entryFileNames: '[name].js',
      chunkFileNames: 'testing-server.js',
    },
  },
  {
    input: { testing: 'src/testing/index.ts' },
    external: [/^node:/, 'ws', 'ajv'],
    plugins: [dts()],
    output: { dir: 'dist', format: 'es', banner: '/// <reference types="node" />' },
  },
]
