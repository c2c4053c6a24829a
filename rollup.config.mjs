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
// would take to get back under 12 KB. 13 KB until the errors that point at a missing relay or
// the relay rule that refused a call (ERR_NO_RELAY, relay_refused's rule) came in: about 290 B.
const BUDGET = 13.5 * 1024

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
 * And blocks of `Ky.js`, `merge.js` and `constants.js`, each for something the transport never
 * uses: the `afterResponse` and `beforeRetry` hook loops (it has only a `beforeRequest` hook,
 * which returns nothing), the progress options and their feature checks, stream and FormData
 * bodies (it sends JSON strings), the forced retry's custom request, the `.json()`-style
 * shortcuts on the returned promise (it reads the body itself), options for fetch that are not
 * ky's (it passes none), and merging two sets of searchParams or a context (it has one, and none).
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
    // Not `new Error(value)`: a thrown Symbol must not turn into a TypeError on the way.
    '/ky/distribution/errors/NonError.js':
      'export class NonError extends Error { constructor() { super() } }',
  }
  // Per file, blocks to replace: [first text, last text (the block ends after it), replacement].
  /** @type {Record<string, [string, string, string?][]>} */
  const cuts = {
    '/ky/distribution/core/Ky.js': [
      [
        'for (const hook of ky.#options.hooks.afterResponse) {',
        'response = nextResponse;\n            }\n',
      ],
      [
        '// If `onDownloadProgress` is passed',
        'return streamResponse(progressResponse, ky.#options.onDownloadProgress);\n            }\n',
      ],
      [
        'for (const [type, mimeType] of Object.entries(responseTypes)) {',
        'return response[type]();\n            };\n        }\n',
      ],
      // Bodies are JSON strings: no stream needs `duplex`, no FormData its boundary.
      ['if (supportsRequestStreams) {', "this.#options.duplex = 'half';\n        }\n"],
      [
        '// To provide correct form boundary',
        "this.#options.headers.delete('content-type');\n        }\n",
      ],
      [
        '// If `onUploadProgress` is passed',
        'this.#wrapRequestWithUploadProgress(this.request, this.#options.body ?? undefined);\n        }\n',
      ],
      [
        '// Apply custom request from forced retry',
        'this.#assignRequest(managedRequest);\n            }\n',
      ],
      [
        'for (const hook of this.#options.hooks.beforeRetry) {',
        'if (hookResult === stop) {\n                    return;\n                }\n            }\n',
      ],
      // The signing hook returns nothing: no Request or Response comes back from it to use.
      [
        'if (result instanceof Response) {',
        'this.#assignRequest(result);\n                break;\n            }\n',
      ],
      [
        '#assignRequest(request) {',
        'return streamRequest(request, this.#options.onUploadProgress, originalBody ?? this.#options.body ?? undefined);\n    }\n',
      ],
      // The transport bounds timeout itself (1 ms to 2^31 - 1).
      [
        "if (typeof ky.#options.timeout === 'number' && ky.#options.timeout > maxSafeTimeout) {",
        '}\n',
      ],
      // No `beforeError` hooks, no `parseJson`, no forced retries (no `afterResponse` hook).
      [
        'for (const hook of ky.#options.hooks.beforeError) {',
        'error = await hook(error, { retryCount: ky.#retryCount });\n                }\n',
      ],
      [
        'if (this.#options.parseJson) {\n            response.json',
        'await response.text());\n        }\n',
      ],
      [
        'if (errorObject instanceof ForceRetryError) {',
        'return errorObject.customDelay ?? this.#calculateDelay();\n        }\n',
      ],
      // ...so the instance's defaults need no empty lists of them either.
      [
        'hooks: mergeHooks({\n                beforeRequest: [],',
        'afterResponse: [],\n            }, options.hooks),',
        'hooks: mergeHooks({ beforeRequest: [] }, options.hooks),',
      ],
      // searchParams is always a plain object of strings (never a string, an array or
      // URLSearchParams), whose undefined values the client never sets.
      [
        "const textSearchParams = typeof this.#options.searchParams === 'string'",
        'Ky.#normalizeSearchParams(this.#options.searchParams)).toString();',
        'const textSearchParams = new URLSearchParams(this.#options.searchParams).toString();',
      ],
      ['static #normalizeSearchParams(searchParams) {', 'return searchParams;\n    }\n'],
      // The input is always a path string.
      [
        "if (typeof this.#input !== 'string' && !(this.#input instanceof URL",
        "throw new TypeError('`input` must be a string, URL, or Request');\n        }\n",
      ],
      // No `parseJson`: a response needs no decorating (its method is cut below).
      ['ky.#decorateResponse(response);', ''],
      // Neither the signing hook nor the error mapping reads ky's options: no frozen copy.
      [
        '#getNormalizedOptions() {\n        if (!this.#cachedNormalizedOptions) {',
        'return this.#cachedNormalizedOptions;\n    }\n',
        '#getNormalizedOptions() {\n        return this.#options;\n    }\n',
      ],
      // Every option the transport passes is ky's own or the Request's: none left for fetch.
      [
        'const nonRequestOptions = findUnknownOptions(',
        'this.#options);',
        'const nonRequestOptions = {};',
      ],
    ],
    '/ky/distribution/utils/merge.js': [
      // Only beforeRequest hooks exist: the loops over the other kinds are cut above.
      [
        "beforeRetry: newHookValue(original, incoming, 'beforeRetry'),",
        "beforeError: newHookValue(original, incoming, 'beforeError'),",
        '',
      ],
      // Only one source ever has searchParams (the call), and none has context.
      ['const appendSearchParameters = ', '    return result;\n};\n'],
      [
        'searchParameters = searchParameters === undefined',
        'appendSearchParameters(searchParameters, value);',
        'searchParameters = value;',
      ],
      ["if (key === 'context') {", 'continue;\n                }\n'],
    ],
    // The transport calls the instance itself: no method shortcuts, extend, retry or stop.
    '/ky/distribution/index.js': [
      ['for (const method of requestMethods) {', '}\n'],
      ['ky.extend = (newDefaults) => {', 'ky.retry = retry;\n'],
    ],
    // ky's errors are never shown: the transport maps each to a KalshiError of its own.
    '/ky/distribution/errors/HTTPError.js': [['const code = ', 'request.url}`);', 'super();']],
    '/ky/distribution/errors/TimeoutError.js': [['super(`Request timed out', '`);', 'super();']],
    '/ky/distribution/utils/options.js': [
      // (see searchParams above)
      [
        'export const hasSearchParameters = (search) => {',
        'return Boolean(search);\n};',
        'export const hasSearchParameters = (search) => search !== undefined && Object.keys(search).length > 0;',
      ],
    ],
    '/ky/distribution/utils/normalize.js': [
      // The transport always passes its own methods and status codes.
      ["const retryMethods = ['get',", '];\n', 'const retryMethods = [];\n'],
      ['const retryStatusCodes = [', '];\n', 'const retryStatusCodes = [];\n'],
      // The transport passes arrays: nothing to check.
      ['if (retry.methods && !Array.isArray(retry.methods)) {', '}\n'],
      ['if (retry.statusCodes && !Array.isArray(retry.statusCodes)) {', '}\n'],
    ],
    '/ky/distribution/core/constants.js': [
      // What used these was cut above; left alone, the feature checks would still run.
      [
        'export const supportsRequestStreams = (() => {',
        '})();\n',
        'export const supportsRequestStreams = false;\n',
      ],
      [
        'export const usualFormBoundarySize = ',
        '.length;\n',
        'export const usualFormBoundarySize = 0;\n',
      ],
    ],
  }
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
      const file = Object.keys(cuts).find((suffix) => id.replaceAll('\\', '/').endsWith(suffix))
      if (!file) return null
      const out = new MagicString(code)
      for (const [start, end, replacement = ''] of cuts[file] ?? []) {
        const from = code.indexOf(start)
        const to = code.indexOf(end, from + start.length) + end.length
        if (from === -1 || code.indexOf(start, from + 1) !== -1 || to < end.length)
          this.error(`ky's ${file} changed near "${start}": review the cuts in rollup.config.mjs`)
        out.overwrite(from, to, replacement)
      }
      seen.add(file)
      return { code: out.toString(), map: out.generateMap({ hires: true }) }
    },
    buildEnd() {
      const missing = [...Object.keys(stubs), ...Object.keys(cuts)].filter(
        (file) => !seen.has(file),
      )
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
// The Vite plugin rides with the relay (it is the Node adapter on Vite's server); Vite itself is
// the caller's, types only.
const relayEntries = {
  relay: 'src/relay/index.ts',
  'relay-node': 'src/relay/node.ts',
  vite: 'src/vite.ts',
}

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
    external: [...external, /^node:/, 'vite'],
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
]
