#!/usr/bin/env node
// @ts-check
// Compiles test/node-only/consumer.ts, a Node-only project's use of the package, against the
// shipped dist/*.d.ts with each @types/node version (20 and 24): lib ES2023 without DOM, strict,
// skipLibCheck false. Each project is made fresh in a temporary directory, holding only the
// package as published (package.json and its .d.ts files), valibot, and that one @types/node, so
// no type of this repository's own set-up leaks in. Exits non-zero on any error.
import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = fileURLToPath(new URL('../..', import.meta.url))
const modules = join(root, 'node_modules')

/** The @types/node packages to check with: devDependencies `@types/node` (20) and `@types/node-24`. */
/** @type {Record<'20' | '24', string>} */
export const TYPES_NODE = { 20: '@types/node', 24: '@types/node-24' }

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
  },
  files: ['consumer.ts'],
}

/**
 * Type-checks the consumer with one @types/node; resolves to tsc's output ('' when clean).
 * @param {'20' | '24'} version
 * @param {string} [consumer] the consumer's source file
 */
export async function checkNodeOnly(version, consumer = join(root, 'test/node-only/consumer.ts')) {
  const dir = await mkdtemp(join(tmpdir(), `kalshi-node-only-${version}-`))
  try {
    const pkg = join(dir, 'node_modules/kalshi-webcrypto')
    await mkdir(join(pkg, 'dist'), { recursive: true })
    await cp(join(root, 'package.json'), join(pkg, 'package.json'))
    for (const file of await readdir(join(root, 'dist')))
      if (file.endsWith('.d.ts')) await cp(join(root, 'dist', file), join(pkg, 'dist', file))
    await mkdir(join(dir, 'node_modules/@types'), { recursive: true })
    await symlink(join(modules, 'valibot'), join(dir, 'node_modules/valibot'))
    await symlink(join(modules, TYPES_NODE[version]), join(dir, 'node_modules/@types/node'))
    await writeFile(join(dir, 'package.json'), '{ "type": "module", "private": true }\n')
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2))
    await cp(consumer, join(dir, 'consumer.ts'))
    const tsc = join(modules, 'typescript/bin/tsc')
    return await promisify(execFile)(process.execPath, [tsc, '-p', dir]).then(
      () => '',
      (/** @type {{ stdout?: string }} */ error) => error.stdout || String(error),
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let failed = false
  for (const version of /** @type {('20' | '24')[]} */ (Object.keys(TYPES_NODE))) {
    const errors = await checkNodeOnly(version)
    console.log(`Node-only project, @types/node ${version}: ${errors ? 'FAILED' : 'OK'}`)
    if (errors) {
      console.log(errors)
      failed = true
    }
  }
  if (failed) process.exit(1)
}
