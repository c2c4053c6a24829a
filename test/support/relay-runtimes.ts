// Starts each deployment of examples/relay/ in its own runtime (Node, Deno, Bun, and workerd
// through miniflare), as it would be deployed, against an upstream of the test's choosing.
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { rollup } from 'rollup'

const require = createRequire(import.meta.url)
const root = fileURLToPath(new URL('../..', import.meta.url))
const example = (file: string) => join(root, 'examples/relay', file)

export type RuntimeName = 'node' | 'deno' | 'bun' | 'workerd'

/** A relay running somewhere: its origin, and how to stop it. */
export interface RunningRelay {
  url: string
  stop: () => Promise<void>
}

/** The relay's settings, as the environment variables its deployment reads. */
export type RelayEnv = Record<string, string>

/** A binary shipped inside an npm package, found without its wrapper script. */
function npmBinary(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file)
}

function spawnRelay(program: string, args: string[], env: RelayEnv): Promise<RunningRelay> {
  const child: ChildProcess = spawn(program, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.on('line', (line) => {
      const url = /Relay on (http:\/\/[^/\s]+)/.exec(line)?.[1]
      if (url)
        resolve({
          url,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done()
              child.once('exit', () => done())
              child.kill()
            }),
        })
    })
    child.once('exit', (code) => reject(new Error(`${program} exited (${code}): ${stderr}`)))
  })
}

/** The Worker module, bundled as wrangler would: the package inlined. */
async function workerBundle(): Promise<string> {
  const bundle = await rollup({
    input: example('worker.js'),
    plugins: [
      {
        name: 'the-package',
        resolveId: (id) => (id === 'kalshi-webcrypto/relay' ? join(root, 'dist/relay.js') : null),
      },
    ],
  })
  const { output } = await bundle.generate({ format: 'es' })
  await bundle.close()
  return output[0].code
}

/** Starts the deployment for `runtime` with these settings. */
export async function startRelay(runtime: RuntimeName, env: RelayEnv): Promise<RunningRelay> {
  switch (runtime) {
    case 'node':
      return spawnRelay(process.execPath, [example('node.mjs')], env)
    case 'deno':
      return spawnRelay(
        npmBinary('deno', 'deno'),
        ['run', '--allow-net=127.0.0.1', '--allow-env', '--allow-read', example('deno.js')],
        env,
      )
    case 'bun':
      return spawnRelay(npmBinary('bun', 'bin/bun.exe'), [example('bun.js')], env)
    case 'workerd': {
      const mf = new Miniflare({
        modules: [{ type: 'ESModule', path: example('worker.js'), contents: await workerBundle() }],
        modulesRoot: example(''),
        compatibilityDate: '2026-07-01',
        bindings: env,
        host: '127.0.0.1',
        port: 0,
      })
      const url = await mf.ready
      return { url: url.origin, stop: () => mf.dispose() }
    }
  }
}
