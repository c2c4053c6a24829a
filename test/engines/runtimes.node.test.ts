// The cross-runtime suite (test/runtimes/suite.mjs) in Node, Deno, Bun and workerd, each in a
// process of its own, against the fake server of this run; every case of every runtime and build
// is a test here. A runtime missing on this machine is named by vitest.config.ts (and required
// under CI=true).
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import nodeResolve from '@rollup/plugin-node-resolve'
import { Miniflare } from 'miniflare'
import { rollup } from 'rollup'
import { beforeAll, describe, expect, inject, test } from 'vitest'
import { CASE_NAMES, type CaseResult } from '../runtimes/suite.mjs'
import { engines, paths } from '../support/engines.mjs'

const fakeUrl = inject('fakeKalshiUrl')
const controlUrl = inject('fakeKalshiControlUrl')
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const BUILDS = ['dist/index.js', 'CDN bundle'] as const

interface Report {
  runtime: string
  builds: Record<(typeof BUILDS)[number], CaseResult[]>
}

function parse(output: string): Report {
  const line = output.split('\n').find((text) => text.startsWith('{"runtimeSuite"'))
  if (!line) throw new Error(`no results in the output:\n${output.slice(-2000)}`)
  return (JSON.parse(line) as { runtimeSuite: Report }).runtimeSuite
}

/** Runs `<program> ...args main.mjs <fakeUrl> <controlUrl>` and reads its report. */
function spawnSuite(program: string, args: string[]): Promise<Report> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      [...args, here('../runtimes/main.mjs'), fakeUrl, controlUrl],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        try {
          resolve(parse(stdout))
        } catch (cause) {
          reject(new Error(`${program} failed: ${error ?? cause}\n${stderr.slice(-2000)}`))
        }
      },
    )
  })
}

/** The suite as a Worker in workerd, through miniflare. */
async function inWorkerd(): Promise<Report> {
  // A Worker's bundler (wrangler, esbuild) would inline the package's dependencies: so does this.
  const bundle = await rollup({ input: here('../../dist/index.js'), plugins: [nodeResolve()] })
  const { output } = await bundle.generate({ format: 'es' })
  await bundle.close()
  const { readFile } = await import('node:fs/promises')
  const mf = new Miniflare({
    modules: [
      {
        type: 'ESModule',
        path: here('../runtimes/worker.mjs'),
        contents: await readFile(here('../runtimes/worker.mjs'), 'utf8'),
      },
      {
        type: 'ESModule',
        path: here('../runtimes/suite.mjs'),
        contents: await readFile(here('../runtimes/suite.mjs'), 'utf8'),
      },
      { type: 'ESModule', path: here('../runtimes/package.js'), contents: output[0].code },
      {
        type: 'ESModule',
        path: here('../runtimes/cdn.js'),
        contents: await readFile(here('../../dist/kalshi-webcrypto.esm.min.js'), 'utf8'),
      },
    ],
    modulesRoot: here('../runtimes'),
    compatibilityDate: '2026-07-01',
  })
  try {
    const response = await mf.dispatchFetch('http://worker/', {
      method: 'POST',
      body: JSON.stringify({ fakeUrl, controlUrl }),
    })
    return parse(await response.text())
  } finally {
    await mf.dispose()
  }
}

const runtimes: [name: keyof typeof engines, run: () => Promise<Report>][] = [
  ['node' as never, () => spawnSuite(process.execPath, [])],
  [
    'deno',
    () => spawnSuite(paths.deno as string, ['run', '--allow-net=127.0.0.1', '--allow-read']),
  ],
  ['bun', () => spawnSuite(paths.bun as string, [])],
  ['workerd', inWorkerd],
]

for (const [name, run] of runtimes) {
  if (name !== ('node' as never) && !engines[name].available) continue // named by vitest.config.ts
  describe(`${name}`, () => {
    let report: Report
    beforeAll(async () => {
      report = await run()
    }, 180_000)

    for (const build of BUILDS) {
      test.each(CASE_NAMES)(`${build}: %s`, (caseName) => {
        const result = report.builds[build].find((entry) => entry.name === caseName)
        expect(result, `${report.runtime} ran no case "${caseName}"`).toBeDefined()
        expect(result?.error, report.runtime).toBeUndefined()
        expect(result?.ok).toBe(true)
      })
    }
  })
}
