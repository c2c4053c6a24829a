#!/usr/bin/env node
// @ts-check
// Fails when docs/ no longer matches the TSDoc: generates the API reference afresh into a
// temporary folder (TypeDoc with typedoc.json, as `npm run docs` does) and compares it, file by
// file, with the committed docs/. `npm run docs` brings docs/ up to date.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** @param {string} dir @returns {Promise<Map<string, string>>} each file's path below dir, and its text */
async function tree(dir) {
  const files = new Map()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name)
      files.set(relative(dir, path), await readFile(path, 'utf8'))
    }
  return files
}

const fresh = await mkdtemp(join(tmpdir(), 'kalshi-docs-'))
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typedoc/bin/typedoc'), '--logLevel', 'Warn', '--out', fresh],
    { cwd: root, stdio: 'inherit' },
  )
  const [want, have] = await Promise.all([
    tree(fresh),
    tree(join(root, 'docs')).catch(() => new Map()),
  ])
  const stale = [...new Set([...want.keys(), ...have.keys()])]
    .filter((path) => want.get(path) !== have.get(path))
    .sort()
  if (stale.length > 0) {
    console.error(`docs/ does not match the TSDoc (run npm run docs): ${stale.join(', ')}`)
    process.exit(1)
  }
  console.log(`docs/ matches the TSDoc (${want.size} files)`)
} finally {
  await rm(fresh, { recursive: true, force: true })
}
