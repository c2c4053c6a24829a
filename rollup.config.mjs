// @ts-check
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'
import MagicString from 'magic-string'
import { dts } from 'rollup-plugin-dts'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const banner = `/*! ${pkg.name} ${pkg.version} (${pkg.license}), with ky and valibot (MIT) */`

// The size budget for the all-in-one browser bundles, gzip, in bytes. Checked on every build: a
// deterministic byte count, not a timing. It was 12 KB until the key store, rotation and clock-skew
// correction (about 1.2 KB together) came in; see BENCHMARKS.md for where the bytes go and what it
// would take to get back under 12 KB.
const BUDGET = 20 * 1024

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
 * Prints each file's size, gzip size and SRI hash, and fails the build when a bundled file is
 * over its budget.
 * @param {number | undefined} budget
 * @returns {import('rollup').Plugin}
 */
function report(budget) {
  return {
    name: 'report',
    generateBundle(_, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue
        const bytes = Buffer.from(file.code)
        const gzip = gzipSync(bytes, { level: 9 }).length
        const sri = `sha384-${createHash('sha384').update(bytes).digest('base64')}`
        const limit = budget ? ` / budget ${budget} B` : ''
        console.log(
          `${file.fileName.padEnd(34)} ${String(bytes.length).padStart(6)} B  gzip ${gzip} B${limit}  ${sri}`,
        )
        if (budget && gzip > budget)
          this.error(`${file.fileName} is ${gzip} B gzip, over its ${budget} B budget`)
      }
    },
  }
}

/**
 * Leaves out, from the all-in-one bundles only, ky code the SDK can never reach, about 1 KB gzip
 * of a tight budget. Whole modules:
 * - upload and download progress streams: the transport never sets `onUploadProgress` or
 *   `onDownloadProgress`;
 * - `ForceRetryError`'s fields: it is thrown only for `ky.retry()` from an `afterResponse` hook,
 *   and the transport has none;
 * - `NonError`'s fields: ky wraps a thrown non-Error in it only to hand it to `shouldRetry`, whose
 *   answer for anything but a network or HTTP error is `false`.
 * And blocks of `Ky.js`, each for something the transport never uses: the `afterResponse` and
 * `beforeRetry` hook loops (it has only a `beforeRequest` hook, which returns nothing), the
 * progress options, the forced retry's custom request, and the `.json()`-style shortcuts on the
 * returned promise (it reads the body itself).
 * Checked against one ky minor version: an upgrade fails the build until the cuts are reviewed,
 * and each cut must match its text exactly once.
 * @returns {import('rollup').Plugin}
 */
function withoutUnreachableKy() {
  const reviewed = '1.14.'
  const { version } = JSON.parse(
    readFileSync(new URL('./node_modules/ky/package.json', import.meta.url), 'utf8'),
  )
  /** @type {Record<string, string>} */
  const stubs = {
    '/ky/distribution/utils/body.js': `const unreachable = () => { throw new Error('ky progress streams are not bundled') }
export const getBodySize = unreachable, streamRequest = unreachable, streamResponse = unreachable`,
    '/ky/distribution/errors/ForceRetryError.js': 'export class ForceRetryError extends Error {}',
    '/ky/distribution/errors/NonError.js': 'export class NonError extends Error {}',
  }
  // From the first line of each block to the end of its last: [file, start, end, replacement].
  /** @type {[file: string, start: string, end: string, replacement?: string][]} */
  const cuts = [
    [
      'Ky.js',
      'for (const hook of ky.#options.hooks.afterResponse) {',
      'response = nextResponse;\n            }\n',
    ],
    [
      'Ky.js',
      '// If `onDownloadProgress` is passed',
      'return streamResponse(progressResponse, ky.#options.onDownloadProgress);\n            }\n',
    ],
    [
      'Ky.js',
      'for (const [type, mimeType] of Object.entries(responseTypes)) {',
      'return response[type]();\n            };\n        }\n',
    ],
    [
      'Ky.js',
      '// If `onUploadProgress` is passed',
      'this.#wrapRequestWithUploadProgress(this.request, this.#options.body ?? undefined);\n        }\n',
    ],
    [
      'Ky.js',
      '// Apply custom request from forced retry',
      'this.#assignRequest(managedRequest);\n            }\n',
    ],
    [
      'Ky.js',
      'for (const hook of this.#options.hooks.beforeRetry) {',
      'if (hookResult === stop) {\n                    return;\n                }\n            }\n',
    ],
    // The signing hook returns nothing: no Request or Response comes back from it to use.
    [
      'Ky.js',
      'if (result instanceof Response) {',
      'this.#assignRequest(result);\n                break;\n            }\n',
    ],
    [
      'Ky.js',
      '#assignRequest(request) {',
      'return streamRequest(request, this.#options.onUploadProgress, originalBody ?? this.#options.body ?? undefined);\n    }\n',
    ],
    // The client refuses a timeout over 2^31 - 1 ms itself, before ky sees it.
    [
      'Ky.js',
      "if (typeof ky.#options.timeout === 'number' && ky.#options.timeout > maxSafeTimeout) {",
      '}\n',
    ],
    // No `beforeError` hooks, no `parseJson`, no forced retries (no `afterResponse` hook).
    [
      'Ky.js',
      'for (const hook of ky.#options.hooks.beforeError) {',
      'error = await hook(error, { retryCount: ky.#retryCount });\n                }\n',
    ],
    [
      'Ky.js',
      'if (this.#options.parseJson) {\n            response.json',
      'await response.text());\n        }\n',
    ],
    [
      'Ky.js',
      'if (errorObject instanceof ForceRetryError) {',
      'return errorObject.customDelay ?? this.#calculateDelay();\n        }\n',
    ],
    // The input is always a path string; bodies are JSON text or none: never a stream (so no
    // `duplex`), FormData or URLSearchParams.
    [
      'Ky.js',
      "if (typeof this.#input !== 'string' && !(this.#input instanceof URL",
      "throw new TypeError('`input` must be a string, URL, or Request');\n        }\n",
    ],
    ['Ky.js', 'if (supportsRequestStreams) {', "this.#options.duplex = 'half';\n        }\n"],
    [
      'Ky.js',
      'const userProvidedContentType = options.headers',
      "this.#options.headers.delete('content-type');\n        }\n",
    ],
    // ...which also makes these two constants unused: one builds a Request at load time.
    [
      'constants.js',
      'export const supportsRequestStreams = (() => {',
      'return duplexAccessed && !hasContentType;\n})();\n',
      'export const supportsRequestStreams = false;\n',
    ],
    [
      'constants.js',
      'export const usualFormBoundarySize = new TextEncoder()',
      '.length;\n',
      'export const usualFormBoundarySize = 0;\n',
    ],
    // Options are merged from `ky.create`'s defaults and each call's: only the call's have a
    // `searchParams`, and neither has a `context`.
    ['merge.js', "if (key === 'context') {", 'continue;\n                }\n'],
    [
      'merge.js',
      'searchParameters = searchParameters === undefined ? value : appendSearchParameters(searchParameters, value);',
      '',
      'searchParameters = value;',
    ],
  ]
  const files = ['Ky.js', 'constants.js', 'merge.js']
  const seen = new Set()
  return {
    name: 'without-unreachable-ky',
    buildStart() {
      if (!version.startsWith(reviewed))
        this.error(`ky ${version}: review the stubs in rollup.config.mjs (made for ${reviewed}x)`)
    },
    load(id) {
      const file = Object.keys(stubs).find((suffix) => id.replaceAll('\\', '/').endsWith(suffix))
      if (!file) return null
      seen.add(file)
      return stubs[file]
    },
    transform(code, id) {
      const path = id.replaceAll('\\', '/')
      const file = files.find((name) =>
        path.endsWith(`/ky/distribution/${name === 'merge.js' ? 'utils' : 'core'}/${name}`),
      )
      if (!file) return null
      const out = new MagicString(code)
      for (const [where, start, end, replacement] of cuts) {
        if (where !== file) continue
        const from = code.indexOf(start)
        const to = code.indexOf(end, from + start.length) + end.length
        if (from === -1 || code.indexOf(start, from + 1) !== -1 || to < end.length)
          this.error(`ky's ${file} changed near "${start}": review the cuts in rollup.config.mjs`)
        if (replacement === undefined) out.remove(from, to)
        else out.overwrite(from, Math.max(to, from + start.length), replacement)
      }
      seen.add(file)
      return { code: out.toString(), map: out.generateMap({ hires: true }) }
    },
    buildEnd() {
      const missing = [...Object.keys(stubs), ...files].filter((file) => !seen.has(file))
      if (missing.length) this.error(`ky no longer has ${missing.join(', ')}: review the stubs`)
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
const relayEntries = { relay: 'src/relay/index.ts', 'relay-node': 'src/relay/node.ts' }

export default [
  {
    input: 'src/index.ts',
    external,
    plugins: [ts(), report(undefined)],
    output: { file: 'dist/index.js', format: 'es', sourcemap: true },
  },
  {
    input: 'src/index.ts',
    plugins: [nodeResolve({ browser: true }), withoutUnreachableKy(), ts()],
    output: [
      {
        file: 'dist/kalshi-webcrypto.esm.min.js',
        format: 'es',
        sourcemap: true,
        banner,
        plugins: [minify(true), report(BUDGET)],
      },
      {
        file: 'dist/kalshi-webcrypto.min.js',
        format: 'iife',
        name: 'KalshiWebCrypto',
        sourcemap: true,
        banner,
        // Not `toplevel` here: that would mangle away the global the IIFE exists to define.
        plugins: [minify(false), report(BUDGET)],
      },
    ],
  },
  {
    input: 'src/index.ts',
    external,
    plugins: [dts()],
    output: { file: 'dist/index.d.ts', format: 'es' },
  },
  // `kalshi-webcrypto/relay` and `kalshi-webcrypto/relay/node`: for servers and workers, never in
  // the browser bundles. The code both use goes into one shared file.
  {
    input: relayEntries,
    external: [...external, /^node:/],
    plugins: [ts(), report(undefined)],
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
    external: [/^node:/],
    plugins: [dts()],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].d.ts',
      chunkFileNames: 'relay-shared.d.ts',
      // The Node adapter's types are Node's own.
      banner: (/** @type {import('rollup').RenderedChunk} */ chunk) =>
        chunk.fileName === 'relay-node.d.ts' ? '/// <reference types="node" />' : '',
    },
  },
]
