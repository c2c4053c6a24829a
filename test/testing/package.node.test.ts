// `kalshi-webcrypto/testing` as a user gets it: the README's "Testing your app" runs, exactly as
// printed, with vitest in a fresh project that installed the packed tarball; and the tarball's
// bin `kalshi-webcrypto-fake` starts a server that answers a signed call.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createClient, generateKeyPair } from '../../src/index.js'
import { installTarball, packTarball, root } from '../support/tarball.mjs'

const readme = await readFile('README.md', 'utf8')

/** The first fenced code block after a `<!-- marker -->` line. */
function blockAfter(marker: string): string {
  const start = readme.indexOf(`<!-- ${marker} -->`)
  expect(start, `README marker ${marker}`).toBeGreaterThan(-1)
  return /```\w*\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? ''
}

let work: string
let project: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kalshi-testing-package-'))
  project = join(work, 'app')
  await mkdir(project)
  // dist/ is fresh: the test run built it (pretest).
  installTarball(project, packTarball(work, { build: false, stdio: 'pipe' }), { stdio: 'pipe' })
  // The user's `npm i -D vitest`, without the download: this repository's own vitest.
  await symlink(join(root, 'node_modules/vitest'), join(project, 'node_modules/vitest'))
}, 300_000)

afterAll(() => rm(work, { recursive: true, force: true }))

test("the README's vitest test of a user's app passes against the installed package", {
  timeout: 180_000,
}, async () => {
  const app = blockAfter('verified:testing-app')
  const spec = blockAfter('verified:testing-app-test')
  expect(app).toMatch(/^\/\/ app\.ts/)
  expect(spec).toContain("from 'kalshi-webcrypto/testing'")
  await writeFile(join(project, 'app.ts'), app)
  await writeFile(join(project, 'app.test.ts'), spec)
  const result = await promisify(execFile)(
    process.execPath,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=verbose'],
    { cwd: project, env: { PATH: process.env.PATH ?? '', CI: 'true', NO_COLOR: '1' } },
  ).catch((error: { stdout: string; stderr: string }) => error)
  expect(`${result.stdout}\n${result.stderr}`).toMatch(/Tests\s+1 passed \(1\)/)
  // It ran the installed package, not this repository's source.
  expect(
    JSON.parse(await readFile(join(project, 'node_modules/kalshi-webcrypto/package.json'), 'utf8'))
      .exports['./testing'],
  ).toBeDefined()
})

test('npx kalshi-webcrypto-fake from the tarball starts, and answers a signed call', {
  timeout: 60_000,
}, async () => {
  let server: ChildProcess | undefined
  try {
    server = spawn('npx', ['--no-install', 'kalshi-webcrypto-fake', '--port', '0', '--json'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'inherit'],
      // Its own process group: npx runs the bin as a child, and the group ends with it.
      detached: true,
    })
    const lines = createInterface({ input: server.stdout as NodeJS.ReadableStream })
    // Its first line, or a failure as soon as it exits without one (a bin that does not start).
    const [line] = (await Promise.race([
      once(lines, 'line'),
      once(server, 'exit').then(([code]) => {
        throw new Error(`kalshi-webcrypto-fake exited (${code}) before printing its account`)
      }),
    ])) as [string]
    const started = JSON.parse(line) as {
      apiUrl: string
      keyId: string
      privateKeyPkcs1Pem: string
    }
    expect(started.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2$/)
    const client = createClient({
      baseUrl: started.apiUrl,
      credentials: { keyId: started.keyId, privateKey: started.privateKeyPkcs1Pem },
    })
    const { api_keys } = await client.getApiKeys()
    expect(api_keys.map((key) => [key.api_key_id, key.name])).toEqual([[started.keyId, 'admin']])
    // A signature by another key is refused: the server checks, it does not just answer.
    const forged = createClient({
      baseUrl: started.apiUrl,
      credentials: { keyId: started.keyId, privateKey: (await generateKeyPair()).privateKey },
      retry: 0,
    })
    await expect(forged.getApiKeys()).rejects.toMatchObject({ status: 401 })
  } finally {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM')
  }
})
