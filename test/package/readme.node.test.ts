// The README tells the truth: its SRI hashes are those of the built files; every TypeScript and
// JavaScript snippet type-checks under `strict` against the shipped types; and the quick starts
// run as pasted (pointed at the fake server instead of Kalshi's demo environment or a relay).
import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import ts from 'typescript'
import { expect, test } from 'vitest'
import type { ApiKey, Credentials } from '../../src/index.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'

const readme = await readFile('README.md', 'utf8')

/** The first fenced code block after a `<!-- marker -->` line. */
function blockAfter(marker: string): string {
  const start = readme.indexOf(`<!-- ${marker} -->`)
  expect(start, `README marker ${marker}`).toBeGreaterThan(-1)
  const match = /```\w*\n([\s\S]*?)```/.exec(readme.slice(start))
  return match?.[1] ?? ''
}

test.each([
  'kalshi-webcrypto.min.js',
  'kalshi-webcrypto.esm.min.js',
  'kalshi-webcrypto-keys.min.js',
  'kalshi-webcrypto-keys.esm.min.js',
])('the SRI hash of %s is current', async (file) => {
  const hash = `sha384-${createHash('sha384')
    .update(await readFile(`dist/${file}`))
    .digest('base64')}`
  expect(blockAfter(`sri:${file}`)).toContain(hash)
})

test('the Node quick start runs as pasted', async () => {
  const account = await newAccount()
  const dir = await mkdtemp(join(tmpdir(), 'kalshi-readme-'))
  const keyFile = join(dir, 'key.pem')
  await writeFile(keyFile, account.privateKeyPkcs1Pem)
  const code = blockAfter('verified:node-quick-start')
  expect(code).toContain("environment: 'demo',")
  const { stdout } = await promisify(execFile)(
    'node',
    [
      '--input-type=module',
      '-e',
      code.replace("environment: 'demo',", `baseUrl: '${FAKE_API_URL}',`),
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        KALSHI_API_KEY_ID: account.keyId,
        KALSHI_PRIVATE_KEY_PATH: keyFile,
      },
    },
  )
  expect(stdout).toBe(`${account.keyId} admin read write\n`)
})

/** Every ```ts and ```js block, with the line it starts on. */
function snippets(): { line: number; lang: 'ts' | 'js'; code: string }[] {
  return [...readme.matchAll(/^```(ts|js)\n([\s\S]*?)^```/gm)].map((match) => ({
    line: readme.slice(0, match.index).split('\n').length,
    lang: match[1] as 'ts' | 'js',
    code: match[2] ?? '',
  }))
}

// What the reference snippets take as given: the SDK's functions (a snippet may leave out its
// import) and the values the text around them names.
const GIVEN = `
import type * as sdk from 'kalshi-webcrypto'
declare global {
  const client: sdk.KalshiClient
  const credentials: sdk.Credentials
  const keyId: string
  const privateKey: sdk.WebCryptoKey
  const pemOrDer: string
  const keyPairOrKey: sdk.WebCryptoKeyPair
  const signal: AbortSignal
%FUNCTIONS%
}
`

test('every TypeScript and JavaScript snippet type-checks under strict', {
  timeout: 60_000,
}, async () => {
  const blocks = snippets()
  expect(blocks.length).toBeGreaterThan(10)
  // Not a literal: dist/ exists only after a build, and the type-check runs before it.
  const built = '../../dist/index.js'
  const exported = Object.keys(await import(/* @vite-ignore */ built))
  const dir = await mkdtemp(join(tmpdir(), 'kalshi-readme-types-'))
  try {
    const given = join(dir, 'given.d.ts')
    await writeFile(
      given,
      GIVEN.replace(
        '%FUNCTIONS%',
        exported.map((name) => `  const ${name}: typeof sdk.${name}`).join('\n'),
      ),
    )
    const files = [given]
    for (const { line, lang, code } of blocks) {
      // The user's code that "Testing your app" tests: the file its test imports.
      const file = code.startsWith('// app.ts')
        ? join(dir, 'app.ts')
        : join(dir, `readme-line-${line}.${lang}`)
      // Each a module of its own: its names do not clash with another snippet's.
      await writeFile(file, `${code}\nexport {}\n`)
      files.push(file)
    }
    const root = process.cwd()
    const program = ts.createProgram(files, {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
      allowJs: true,
      checkJs: true,
      noEmit: true,
      skipLibCheck: true,
      paths: {
        'kalshi-webcrypto': [join(root, 'dist/index.d.ts')],
        'kalshi-webcrypto/relay': [join(root, 'dist/relay.d.ts')],
        'kalshi-webcrypto/relay/node': [join(root, 'dist/relay-node.d.ts')],
        'kalshi-webcrypto/keys': [join(root, 'dist/keys.d.ts')],
        'kalshi-webcrypto/vite': [join(root, 'dist/vite.d.ts')],
        'kalshi-webcrypto/testing': [join(root, 'dist/testing.d.ts')],
        vitest: [join(root, 'node_modules/vitest/dist/index.d.ts')],
        valibot: [join(root, 'node_modules/valibot/dist/index.d.mts')],
        vite: [join(root, 'node_modules/vite/dist/node/index.d.ts')],
      },
    })
    const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file
        ? `README.md snippet at line ${diagnostic.file.fileName.match(/line-(\d+)/)?.[1]}, +${
            diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1
          }`
        : 'README.md'
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`
    })
    expect(errors).toEqual([])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

/** A ```ts snippet as an ES module of the built package, its relay base URL pointed at `baseUrl`. */
async function asModule<TModule>(marker: string, baseUrl: string): Promise<TModule> {
  const code = blockAfter(`verified:${marker}`)
  expect(code).toContain("'/trade-api/v2'")
  const js = ts.transpileModule(code.replace("'/trade-api/v2'", JSON.stringify(baseUrl)), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText
  const dist = pathToFileURL(join(process.cwd(), 'dist/index.js')).href
  const dir = await mkdtemp(join(tmpdir(), 'kalshi-readme-'))
  const file = join(dir, `${marker}.mjs`)
  await writeFile(file, js.replace("from 'kalshi-webcrypto'", `from '${dist}'`))
  return (await import(pathToFileURL(file).href)) as TModule
}

test('the browser quick start runs: a key made here is registered and signs', async () => {
  const account = await newAccount({ usageLevel: 'premier' })
  const { registerThisDevice, listKeys } = await asModule<{
    registerThisDevice(keyId: string, pem: string): Promise<Credentials>
    listKeys(credentials: Credentials): Promise<ApiKey[]>
  }>('browser-quick-start', FAKE_API_URL)
  const credentials = await registerThisDevice(account.keyId, account.privateKeyPkcs1Pem)
  expect(credentials.privateKey.extractable).toBe(false)
  expect(credentials.privateKey.algorithm.name).toBe('Ed25519')
  const listed = await listKeys(credentials)
  expect(listed.map((key) => key.api_key_id).sort()).toEqual(
    [account.keyId, credentials.keyId].sort(),
  )
  // Only its public key was registered, and it is the pair's.
  expect((await account.keys()).find((key) => key.api_key_id === credentials.keyId)?.keyType).toBe(
    'ed25519',
  )
})

test('the below-Premier snippet runs at the Basic level', async () => {
  const account = await newAccount({ usageLevel: 'basic' })
  const { registerThisBrowser } = await asModule<{
    registerThisBrowser(keyId: string, pem: string): Promise<Credentials>
  }>('browser-below-premier', FAKE_API_URL)
  const credentials = await registerThisBrowser(account.keyId, account.privateKeyPkcs1Pem)
  expect(credentials.privateKey.extractable).toBe(false)
  expect(await account.keys()).toHaveLength(2)
})

/** How many `await`s a snippet has outside any function: Vite 5's default build target refuses them. */
function topLevelAwaits(code: string): number {
  const source = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.ES2022, true)
  let count = 0
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) count++
    ts.forEachChild(node, visit)
  }
  visit(source)
  return count
}

test('the browser snippets build for any target: no top-level await', () => {
  for (const marker of ['browser-quick-start', 'browser-below-premier', 'browser-rotation'])
    expect(topLevelAwaits(blockAfter(`verified:${marker}`)), marker).toBe(0)
  // The count can tell: the Node script awaits at the top, as a Node module may.
  expect(topLevelAwaits(blockAfter('verified:node-quick-start'))).toBeGreaterThan(0)
})

test('`npm run demo` prints what the README says it prints', { timeout: 60_000 }, async () => {
  const shown = blockAfter('verified:demo-output')
  const ports = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>')
  const demo = spawn(process.execPath, ['examples/demo.mjs'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0' },
  })
  try {
    let out = ''
    demo.stdout.on('data', (chunk) => {
      out += chunk
    })
    await expect.poll(() => out, { timeout: 30_000 }).toContain('Ctrl-C stops everything.')
    expect(ports(out)).toBe(ports(shown))
    // And the page it names is there.
    const page = out.match(/the example page: +(\S+)/)?.[1] ?? ''
    const response = await fetch(page)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<main id="app">')
  } finally {
    demo.kill()
  }
})

test('the README names every exported type, and only those', () => {
  const entries = {
    'kalshi-webcrypto': 'dist/index.d.ts',
    'kalshi-webcrypto/keys': 'dist/keys.d.ts',
    'kalshi-webcrypto/relay': 'dist/relay.d.ts',
    'kalshi-webcrypto/relay/node': 'dist/relay-node.d.ts',
    'kalshi-webcrypto/vite': 'dist/vite.d.ts',
  }
  const program = ts.createProgram(Object.values(entries), { noEmit: true, types: ['node'] })
  const checker = program.getTypeChecker()
  const table = readme.slice(readme.indexOf('<!-- verified:exported-types -->')).split('\n\n')[1]
  expect(table).toMatch(/^\| module/)
  for (const [module, file] of Object.entries(entries)) {
    const source = program.getSourceFile(file)
    const symbol = source && checker.getSymbolAtLocation(source)
    if (!symbol) throw new Error(`no module ${file}`)
    // Types only: classes and functions are values, listed with the API.
    const exported = checker
      .getExportsOfModule(symbol)
      .filter((name) => {
        const target = name.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(name) : name
        return !(target.flags & ts.SymbolFlags.Value)
      })
      .map((name) => name.name)
    const named = (table ?? '')
      .split('\n')
      .filter((row) => row.startsWith(`| \`${module}\` `))
      .flatMap((row) => [...(row.split('|')[2] ?? '').matchAll(/`(\w+)`/g)].map((m) => m[1]))
    expect(named.sort(), module).toEqual(exported.sort())
  }
})
