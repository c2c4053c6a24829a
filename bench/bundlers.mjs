// What a bundler user pays: a small app importing a few names from the built package, bundled and
// minified for the browser by esbuild and by Vite (Rolldown), as an app would be, and measured
// gzip. Byte counts, deterministic: `npm run bench` prints them and a test holds the budgets.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = fileURLToPath(new URL('..', import.meta.url))

/** @type {[what: string, names: string, entry: string][]} The imports measured. */
export const IMPORTS = [
  [
    'typical app: client, device keys, store',
    'createClient, generateKeyPair, exportPublicKeyPem, createKeyStore, isKalshiError',
    'kalshi-webcrypto',
  ],
  ['everything', '*', 'kalshi-webcrypto'],
  ['signRequest + importPrivateKey', 'signRequest, importPrivateKey', 'kalshi-webcrypto'],
  ['signRequest + importPrivateKey', 'signRequest, importPrivateKey', 'kalshi-webcrypto/keys'],
  ['everything', '*', 'kalshi-webcrypto/keys'],
]

/** @param {string} names @param {string} entry */
const source = (names, entry) =>
  names === '*'
    ? `import * as sdk from '${entry}'\nglobalThis.sdk = sdk\n`
    : `import { ${names} } from '${entry}'\nglobalThis.sdk = { ${names} }\n`

/**
 * @typedef {{ what: string, entry: string, bundler: string, gzip: number }} BundlerRow
 */

/**
 * Bundles each import with esbuild and with Vite in a scratch project whose node_modules links to
 * this package (its `dist/` must be built). Returns a row per import and bundler, gzip bytes.
 * @returns {Promise<BundlerRow[]>}
 */
export async function measureBundlers() {
  const dir = await mkdtemp(join(tmpdir(), 'kalshi-bundlers-'))
  try {
    await mkdir(join(dir, 'node_modules'))
    await symlink(root, join(dir, 'node_modules', 'kalshi-webcrypto'), 'dir')
    for (const name of ['ky', 'valibot']) {
      await symlink(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
    }
    const esbuild = await import('esbuild')
    const { build } = await import('vite')
    /** @type {BundlerRow[]} */
    const rows = []
    for (const [i, [what, names, entry]] of IMPORTS.entries()) {
      const file = join(dir, `app${i}.js`)
      await writeFile(file, source(names, entry))
      const byEsbuild = await esbuild.build({
        entryPoints: [file],
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        absWorkingDir: dir,
      })
      const byVite = await build({
        root: dir,
        logLevel: 'silent',
        configFile: false,
        build: {
          write: false,
          target: 'es2022',
          minify: true,
          rollupOptions: { input: file, output: { format: 'es' } },
        },
      })
      const outputs = /** @type {import('vite').Rollup.RollupOutput[]} */ ([byVite].flat())
      const viteCode = outputs
        .flatMap((output) => output.output)
        .filter((chunk) => chunk.type === 'chunk')
        .map((chunk) => chunk.code)
        .join('\n')
      for (const [bundler, code] of /** @type {[string, string][]} */ ([
        ['esbuild', byEsbuild.outputFiles[0]?.text ?? ''],
        ['Vite', viteCode],
      ])) {
        rows.push({ what, entry, bundler, gzip: gzipSync(code, { level: 9 }).length })
      }
    }
    return rows
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await measureBundlers()) {
    console.log(
      `${row.bundler.padEnd(8)} ${`${row.entry}: ${row.what}`.padEnd(70)} ${row.gzip} B gzip`,
    )
  }
}
