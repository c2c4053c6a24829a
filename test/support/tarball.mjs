// @ts-check
// This package as npm would install it: `npm pack` of the repository, and a fresh project with
// the tarball installed. Shared by the stacks suite (test/stacks/run.mjs) and the tests that run
// a README snippet from the tarball.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Packs the repository into `dest`; resolves to the tarball's path. `build: false` packs dist/
 * as it is (no `prepack` build), for a caller that has just built it.
 * @param {string} dest
 * @param {{ build?: boolean, stdio?: 'inherit' | 'pipe' }} [options]
 */
export function packTarball(dest, { build = true, stdio = 'inherit' } = {}) {
  execFileSync(
    'npm',
    ['pack', '--silent', '--pack-destination', dest, ...(build ? [] : ['--ignore-scripts'])],
    { cwd: root, stdio: ['ignore', 'ignore', stdio] },
  )
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return join(dest, `${name}-${version}.tgz`)
}

/**
 * Makes `dir` a fresh project (`npm init -y`, as a user would; `type` set to `module` unless
 * told otherwise) and installs the tarball into it.
 * @param {string} dir an existing, empty folder
 * @param {string} tarball
 * @param {{ module?: boolean, stdio?: 'inherit' | 'pipe' }} [options]
 */
export function installTarball(dir, tarball, { module = true, stdio = 'inherit' } = {}) {
  /** @type {import('node:child_process').StdioOptions} */
  const io = ['ignore', 'ignore', stdio]
  execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: io })
  if (module) {
    const file = join(dir, 'package.json')
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), type: 'module' }),
    )
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: dir,
    stdio: io,
  })
}
