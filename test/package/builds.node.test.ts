// What the build ships: ky and valibot exactly as published in every bundle (their source maps
// show the code that runs), and `kalshi-webcrypto/keys` as the same code as the main entry, with no
// HTTP client and no schemas. The behaviour of each build is tested in transport and faults tests.
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Plugin, type RollupOptions, rollup } from 'rollup'
import { describe, expect, test } from 'vitest'
import configs from '../../rollup.config.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dist = (file: string) => join(root, 'dist', file)

interface SourceMap {
  sources: string[]
  sourcesContent: (string | null)[]
}

/** Each source of a file's map, as an absolute path, with the text the map holds for it. */
async function sourcesOf(file: string): Promise<Map<string, string | null>> {
  const map = JSON.parse(await readFile(dist(`${file}.map`), 'utf8')) as SourceMap
  return new Map(
    map.sources.map((source, i) => [
      join(dirname(dist(file)), source),
      map.sourcesContent[i] ?? null,
    ]),
  )
}

const dependency = /[\\/]node_modules[\\/](ky|valibot)[\\/]/

describe.each([
  ['kalshi-webcrypto.min.js', true],
  ['kalshi-webcrypto.esm.min.js', true],
  ['kalshi-webcrypto-keys.min.js', false],
  ['kalshi-webcrypto-keys.esm.min.js', false],
])('%s', (file, withDependencies) => {
  test(
    withDependencies
      ? 'carries ky and valibot exactly as published: its map holds the files of node_modules'
      : 'carries neither ky nor valibot',
    async () => {
      const sources = await sourcesOf(file)
      const dependencies = [...sources].filter(([path]) => dependency.test(path))
      if (!withDependencies) return expect(dependencies).toEqual([])
      const packages = new Set(dependencies.map(([path]) => dependency.exec(path)?.[1]))
      expect(packages).toEqual(new Set(['ky', 'valibot']))
      for (const [path, text] of dependencies) {
        expect(text, path).toBe(await readFile(path, 'utf8'))
      }
    },
  )
})

// The map shows the original text even of a module a plugin rewrote: so the build itself is run,
// and what each module of ky and valibot holds after every plugin is compared with its file.
test('no plugin of the build loads or transforms a dependency: the bundles get the files as published', {
  timeout: 60_000,
}, async () => {
  // The CDN bundles (one input each); the Node-only testing build bundles ws and Ajv, CommonJS
  // converted, and carries no ky or valibot.
  const bundled = (configs as RollupOptions[]).filter(
    (config) =>
      typeof config.input === 'string' &&
      (config.plugins as Plugin[]).some((plugin) => plugin?.name === 'node-resolve'),
  )
  expect(bundled.length).toBe(2) // the all-in-one and the keys-only bundles
  const checked: string[] = []
  for (const config of bundled) {
    const spy: Plugin = {
      name: 'spy',
      async moduleParsed({ id, code }) {
        if (!dependency.test(id)) return
        checked.push(id)
        expect(code, id).toBe(await readFile(id, 'utf8'))
      },
    }
    await rollup({ ...config, plugins: [...(config.plugins as Plugin[]), spy], onwarn: () => {} })
  }
  const of = (name: string) => checked.filter((id) => dependency.exec(id)?.[1] === name)
  expect(of('ky').length).toBeGreaterThan(10)
  expect(of('valibot').length).toBeGreaterThan(0)
})

test('the IIFE bundles define their globals', async () => {
  for (const [file, name] of [
    ['kalshi-webcrypto.min.js', 'KalshiWebCrypto'],
    ['kalshi-webcrypto-keys.min.js', 'KalshiWebCryptoKeys'],
  ] as const) {
    const text = await readFile(dist(file), 'utf8')
    const sdk = new Function(`${text}\nreturn ${name}`)() as Record<string, unknown>
    expect(typeof sdk.signRequest, file).toBe('function')
  }
})

describe('kalshi-webcrypto/keys', () => {
  test('exports the key functions and the errors they throw, nothing else', async () => {
    const keys = await import(/* @vite-ignore */ dist('keys.js'))
    expect(Object.keys(keys).sort()).toEqual([
      'KalshiError',
      'KalshiKeyError',
      'KalshiRuntimeError',
      'createKeyStore',
      'exportPrivateKeyPem',
      'exportPublicKeyPem',
      'generateKeyPair',
      'importPrivateKey',
      'isKalshiError',
      'requestPersistentStorage',
      'signRequest',
    ])
  })

  test('is the main entry’s code, not a copy: the same functions, the same classes', async () => {
    const keys = await import(/* @vite-ignore */ dist('keys.js'))
    const main = await import(/* @vite-ignore */ dist('index.js'))
    for (const name of Object.keys(keys)) expect(keys[name], name).toBe(main[name])
    const error = await keys.importPrivateKey('not a key').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(main.KalshiKeyError)
  })

  test('imports neither ky nor valibot, however deep', async () => {
    const seen = new Set<string>()
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return
      seen.add(file)
      const code = await readFile(file, 'utf8')
      for (const [, from, bare, dynamic] of code.matchAll(
        /^(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm,
      )) {
        const specifier = (from ?? bare ?? dynamic) as string
        expect(specifier, file).toMatch(/^\./)
        await visit(join(dirname(file), specifier))
      }
    }
    await visit(dist('keys.js'))
    expect(seen.size).toBeGreaterThan(5)
    expect([...seen].some((file) => /transport|schemas|client/.test(file))).toBe(false)
  })
})

// Byte counts of a real bundler's output, not timings: an app importing only signing gets only
// signing, whichever entry it imports from.
test('a bundler user importing only signRequest and importPrivateKey gets at most 4 KB gzip', {
  timeout: 60_000,
}, async () => {
  const { measureBundlers } = await import('../../bench/bundlers.mjs')
  const rows = await measureBundlers()
  const signing = rows.filter((row) => row.what === 'signRequest + importPrivateKey')
  expect(signing).toHaveLength(4) // both entries, esbuild and Vite
  for (const row of signing)
    expect(row.gzip, `${row.bundler} ${row.entry}`).toBeLessThanOrEqual(4096)
  // ...and the whole keys entry stays far below the whole SDK.
  const everything = (entry: string, bundler: string) =>
    rows.find((row) => row.what === 'everything' && row.entry === entry && row.bundler === bundler)
      ?.gzip ?? 0
  for (const bundler of ['esbuild', 'Vite']) {
    expect(everything('kalshi-webcrypto/keys', bundler)).toBeLessThan(
      everything('kalshi-webcrypto', bundler) / 2,
    )
  }
})

// The signer remembers the last key id that passed: a fresh copy of the SDK, whose memory is
// empty, must still refuse a missing one on its very first call.
test('a fresh SDK refuses a missing key id on its first call, in signRequest and createClient', async () => {
  const text = await readFile(dist('kalshi-webcrypto.min.js'), 'utf8')
  const fresh = () =>
    new Function(`${text}\nreturn KalshiWebCrypto`)() as typeof import('../../src/index.js')
  const { privateKey } = await fresh().generateKeyPair({ keyType: 'ed25519' })
  const request = { method: 'GET', path: '/trade-api/v2/api_keys' }
  for (const keyId of [undefined, null, 42]) {
    await expect(fresh().signRequest({ keyId, privateKey } as never, request)).rejects.toThrow(
      /credentials.keyId must be/,
    )
    expect(() => fresh().createClient({ credentials: { keyId, privateKey } as never })).toThrow(
      /credentials.keyId must be/,
    )
  }
})
