// @ts-check
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'
import { dts } from 'rollup-plugin-dts'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const banner = `/*! ${pkg.name} ${pkg.version} (${pkg.license}), with ky and valibot (MIT) */`

// The size budget for the all-in-one browser bundles, gzip, in bytes. Checked on every build: a
// deterministic byte count, not a timing.
const BUDGET = 12 * 1024

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

/** @param {boolean} toplevel */
const minify = (toplevel) =>
  terser({
    ecma: 2020,
    toplevel,
    compress: { passes: 3, pure_getters: true },
    format: { comments: /^!/ },
  })

const external = Object.keys(pkg.dependencies)

export default [
  {
    input: 'src/index.ts',
    external,
    plugins: [ts(), report(undefined)],
    output: { file: 'dist/index.js', format: 'es', sourcemap: true },
  },
  {
    input: 'src/index.ts',
    plugins: [nodeResolve({ browser: true }), ts()],
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
]
