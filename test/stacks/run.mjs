// @ts-check
// The web stacks, for real: each builds a small app against the packed tarball with the real tool
// (Vite 8 and 5, Next.js, esbuild, webpack with ts-loader, wrangler), serves it through the
// package's shipped integration (the Vite plugin, the Next.js route handler, the Worker, the Node,
// Deno and Bun relays of examples/relay, pasted into an `npm init -y` project), and drives it in
// Chromium against the fake Kalshi server: a key made in the page, registered, used to call the
// API, and the WebSocket sign-in where the stack serves one. Prints a table; exits 1 on any
// failure. `STACKS_ONLY=vite8-dev,next-start node run.mjs` runs some; STACKS_SKIP_BUILD=1 packs
// the dist/ already built.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, request as httpRequest } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installTarball, packTarball } from '../support/tarball.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const root = join(here, '../..')
const only = process.env.STACKS_ONLY?.split(',').filter(Boolean)
const started = Date.now()

const PAGE =
  '<!doctype html><html><body><script type="module" src="/app.js"></script></body></html>'
/** @type {Record<string, string>} */
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' }
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: '1' }
const WRANGLER_ENV = { WRANGLER_SEND_METRICS: 'false', CI: '1', WRANGLER_LOG: 'warn' }
const WEBPACK_BUILD = `
import webpack from 'webpack'
import config from './webpack.config.mjs'
webpack(config, (error, stats) => {
  if (error || stats.hasErrors()) {
    console.error(error ?? stats.toString('errors-only'))
    process.exit(1)
  }
})
`

// ---- the suite's own dependencies, installed once per lockfile -------------------------------
const stamp = join(here, 'node_modules/.stacks-lock-sha256')
const lockHash = createHash('sha256')
  .update(readFileSync(join(here, 'package-lock.json')))
  .digest('hex')
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  console.log('== npm ci (test/stacks)')
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here })
  writeFileSync(stamp, lockHash)
}

// Imported after the install, from the main project (playwright-core) and the test tree.
const { chromium } = await import('playwright-core')
const { chromiumLaunchOptions } = await import('../support/chromium.mjs')

// ---- the package as npm would install it -----------------------------------------------------
const work = await mkdtemp(join(tmpdir(), 'kalshi-stacks-'))
if (process.env.STACKS_SKIP_BUILD !== '1') run('npm', ['run', 'build', '--silent'], { cwd: root })
const tarball = packTarball(work, { build: false })
// Into the suite's node_modules, leaving its package.json and lockfile alone.
run('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], { cwd: here })
// The fake server as a user gets it: from the tarball just installed.
const { startFakeKalshi } = await import('kalshi-webcrypto/testing')
// The relays of examples/relay/, as a user pastes them into a fresh `npm init -y` project.
const project = join(work, 'project')
await mkdir(project)
installTarball(project, tarball, { module: false })
for (const file of ['node.mjs', 'deno.js', 'bun.js', 'worker.js', 'wrangler.toml'])
  await cp(join(root, 'examples/relay', file), join(project, file))

const require = createRequire(join(root, 'package.json'))
const bin = {
  vite8: join(here, 'node_modules/vite/bin/vite.js'),
  vite5: join(here, 'node_modules/vite5/bin/vite.js'),
  next: join(here, 'node_modules/next/dist/bin/next'),
  esbuild: join(here, 'node_modules/esbuild/bin/esbuild'),
  wrangler: join(here, 'node_modules/wrangler/bin/wrangler.js'),
  deno: join(require.resolve('deno/package.json'), '../deno'),
  bun: join(require.resolve('bun/package.json'), '../bin/bun.exe'),
}

const fake = await startFakeKalshi()
const upstream = fake.apiUrl
const browser = await chromium.launch(chromiumLaunchOptions)
/** @type {{ stack: string, built: string, driven: string, result: string, seconds: number }[]} */
const results = []
/** @type {(() => Promise<void>)[]} */
let cleanups = []

// ---- the stacks ------------------------------------------------------------------------------
const viteApp = join(here, 'apps/vite')

/** @param {'vite8' | 'vite5'} vite */
async function viteDev(vite, wiring = 'plugin', env = {}, port = 0) {
  port ||= await freePort()
  await serve(
    process.execPath,
    [bin[vite], viteApp, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { STACK_RELAY: wiring, KALSHI_UPSTREAM: upstream, ...env },
    port,
  )
  return `http://127.0.0.1:${port}`
}

/** @param {'vite8' | 'vite5'} vite */
async function vitePreview(vite) {
  const out = join(work, `${vite}-dist`)
  run(process.execPath, [bin[vite], 'build', viteApp, '--outDir', out, '--emptyOutDir'], {
    env: { KALSHI_UPSTREAM: upstream },
  })
  const port = await freePort()
  await serve(
    process.execPath,
    [
      bin[vite],
      'preview',
      viteApp,
      '--outDir',
      out,
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
    ],
    { KALSHI_UPSTREAM: upstream },
    port,
  )
  return `http://127.0.0.1:${port}`
}

const sameOrigin = { baseUrl: '/trade-api/v2', websocketUrl: '/trade-api/ws/v2' }
const restOnly = { baseUrl: '/trade-api/v2' }

await stack(
  'vite8-dev',
  'Vite 8.4 dev server, kalshi-webcrypto/vite',
  'page at 127.0.0.1: key, API, WebSocket',
  async () => {
    await drive(await viteDev('vite8'), sameOrigin)
  },
)
await stack(
  'vite8-preview',
  'Vite 8.4 build + vite preview, kalshi-webcrypto/vite',
  'page at 127.0.0.1: key, API, WebSocket',
  async () => {
    await drive(await vitePreview('vite8'), sameOrigin)
  },
)
await stack(
  'vite5-dev',
  'Vite 5.4 dev server, kalshi-webcrypto/vite',
  'page at localhost: key, API, WebSocket',
  async () => {
    await drive((await viteDev('vite5')).replace('127.0.0.1', 'localhost'), sameOrigin)
  },
)
await stack(
  'vite5-preview',
  'Vite 5.4 build (es2022) + vite preview, kalshi-webcrypto/vite',
  'page at 127.0.0.1: key, API, WebSocket',
  async () => {
    await drive(await vitePreview('vite5'), sameOrigin)
  },
)
await stack(
  'vite-proxy-node',
  'Vite 8.4 server.proxy (changeOrigin, ws) → examples/relay/node.mjs in an npm init -y project, no options',
  'page at localhost: key, API',
  async () => {
    const relay = await startRelay(process.execPath, ['node.mjs'], {})
    await drive(
      (await viteDev('vite8', 'proxy', { STACK_PROXY_TARGET: relay })).replace(
        '127.0.0.1',
        'localhost',
      ),
      restOnly,
    )
  },
)
await stack(
  'vite-proxy-node-ws',
  'the same, the page’s origin in RELAY_ALLOWED_ORIGINS',
  'page at localhost: key, API, WebSocket',
  async () => {
    // Browsers send no Fetch Metadata on a WebSocket handshake, and the proxy rewrote Host: only a
    // listed origin can open one here (the README says so).
    const port = await freePort()
    const relay = await startRelay(process.execPath, ['node.mjs'], {
      RELAY_ALLOWED_ORIGINS: `http://localhost:${port}`,
    })
    await drive(
      (await viteDev('vite8', 'proxy', { STACK_PROXY_TARGET: relay }, port)).replace(
        '127.0.0.1',
        'localhost',
      ),
      sameOrigin,
    )
  },
)
await stack(
  'vite-no-relay',
  'Vite 8.4 dev server without a relay',
  'page gets ERR_NO_RELAY naming the guide',
  async () => {
    const url = await viteDev('vite8', 'none')
    const result = await drive(url, restOnly, { expectError: true })
    check(
      /^ERR_NO_RELAY: .*no relay answered at http:\/\/127\.0\.0\.1:\d+\/trade-api\/v2 .*"Use it with…"/.test(
        String(result.error),
      ),
      `expected ERR_NO_RELAY, got ${result.error}`,
    )
  },
)

const nextApp = join(here, 'apps/next')
await stack(
  'next-start',
  'Next.js 16.5 (React 19.3) next build + next start, examples/next route handler',
  'pages at 127.0.0.1, localhost and behind a proxy: key, API',
  async () => {
    await nextRoute()
    // From scratch, as on a fresh clone: no build cache of an earlier run.
    await rm(join(nextApp, '.next'), { recursive: true, force: true })
    run(process.execPath, [bin.next, 'build', nextApp], { env: NEXT_ENV })
    const port = await freePort()
    await serve(
      process.execPath,
      [bin.next, 'start', nextApp, '-p', String(port), '-H', '127.0.0.1'],
      { ...NEXT_ENV, KALSHI_UPSTREAM: upstream },
      port,
    )
    await drive(`http://127.0.0.1:${port}`, restOnly)
    await drive(`http://localhost:${port}`, restOnly)
    await drive(await hostRewritingProxy(port), restOnly)
  },
)
await stack(
  'next-dev',
  'Next.js 16.5 next dev, examples/next route handler',
  'page at 127.0.0.1: key, API',
  async () => {
    await nextRoute()
    const port = await freePort()
    await serve(
      process.execPath,
      [bin.next, 'dev', nextApp, '-p', String(port), '-H', '127.0.0.1'],
      { ...NEXT_ENV, KALSHI_UPSTREAM: upstream },
      port,
    )
    await drive(`http://127.0.0.1:${port}`, restOnly)
  },
)

await stack(
  'esbuild-bun',
  'esbuild 0.28 bundle, static page; examples/relay/bun.js (allowedOrigins) in an npm init -y project',
  'page on another origin: key, API, CORS',
  async () => {
    const out = join(work, 'esbuild')
    run(bin.esbuild, [
      join(viteApp, 'main.js'),
      '--bundle',
      '--format=esm',
      '--target=es2022',
      `--outfile=${join(out, 'app.js')}`,
      '--log-level=warning',
    ])
    const page = await staticSite(out)
    const relay = await startRelay(bin.bun, ['bun.js'], { RELAY_ALLOWED_ORIGINS: page })
    await drive(page, { baseUrl: `${relay}/trade-api/v2` })
  },
)
await stack(
  'webpack-deno',
  'webpack 5.113 + ts-loader 9.6 (TypeScript 5.9, strict), static page; examples/relay/deno.js (allowedOrigins)',
  'page on another origin: key, API, CORS',
  async () => {
    const out = join(work, 'webpack')
    run(process.execPath, ['--input-type=module', '-e', WEBPACK_BUILD], {
      cwd: join(here, 'apps/webpack'),
      env: { STACK_OUT: out },
    })
    const page = await staticSite(out)
    const relay = await startRelay(bin.deno, ['run', '--allow-net', '--allow-env', 'deno.js'], {
      RELAY_ALLOWED_ORIGINS: page,
    })
    await drive(page, { baseUrl: `${relay}/trade-api/v2` })
  },
)
await stack(
  'worker',
  'wrangler 4.86: deploy --dry-run of examples/relay (worker.js + wrangler.toml), then wrangler dev with the esbuild page as assets',
  'page at 127.0.0.1: key, API, WebSocket',
  async () => {
    run(
      process.execPath,
      [bin.wrangler, 'deploy', '--dry-run', '--outdir', join(work, 'worker-out')],
      { cwd: project, env: WRANGLER_ENV },
    )
    const assets = join(work, 'worker-assets')
    run(bin.esbuild, [
      join(viteApp, 'main.js'),
      '--bundle',
      '--format=esm',
      '--target=es2022',
      `--outfile=${join(assets, 'app.js')}`,
      '--log-level=warning',
    ])
    await writeFile(join(assets, 'index.html'), PAGE)
    const port = await freePort()
    await serve(
      process.execPath,
      [
        bin.wrangler,
        'dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--assets',
        assets,
        '--var',
        `KALSHI_UPSTREAM:${upstream}`,
        '--show-interactive-dev-session=false',
      ],
      WRANGLER_ENV,
      port,
      project,
    )
    await drive(`http://127.0.0.1:${port}`, sameOrigin)
  },
)

await browser.close()
await fake.close()
await rm(work, { recursive: true, force: true })

console.log(
  '\n| stack | built | driven in Chromium | result | seconds |\n| --- | --- | --- | --- | --- |',
)
for (const r of results)
  console.log(`| ${r.stack} | ${r.built} | ${r.driven} | ${r.result} | ${r.seconds} |`)
const failed = results.filter((r) => r.result !== 'pass')
console.log(
  `\n${results.length - failed.length} passed, ${failed.length} failed, in ${Math.round((Date.now() - started) / 1000)} s`,
)
process.exit(failed.length || results.length === 0 ? 1 : 0)

// ---- helpers ---------------------------------------------------------------------------------

/**
 * Runs one stack, records its result, and stops what it started.
 * @param {string} name @param {string} built @param {string} driven @param {() => Promise<void>} body
 */
async function stack(name, built, driven, body) {
  if (only && !only.includes(name)) return
  const t0 = Date.now()
  console.log(`== ${name}: ${built}`)
  let result = 'pass'
  try {
    await body()
  } catch (error) {
    result = `FAIL: ${String(/** @type {Error} */ (error)?.message ?? error).split('\n')[0]}`
    console.error(error)
  }
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  cleanups = []
  const seconds = Math.round((Date.now() - t0) / 100) / 10
  console.log(`   ${result} (${seconds} s)`)
  results.push({ stack: name, built, driven, result, seconds })
}

/**
 * Opens the page in Chromium and runs the flow against a fresh account of the fake server.
 * @param {string} url
 * @param {{ baseUrl: string, websocketUrl?: string }} target
 * @param {{ expectError?: boolean }} [options]
 */
async function drive(url, target, options = {}) {
  const account = await fake.createAccount()
  const page = await browser.newPage()
  /** @type {string[]} */
  const problems = []
  page.on('pageerror', (error) => problems.push(error.message))
  try {
    await page.goto(url)
    await page.waitForFunction(
      () => typeof (/** @type {any} */ (window).stackRun) === 'function',
      null,
      { timeout: 120_000 },
    )
    const result = await page.evaluate((run) => /** @type {any} */ (window).stackRun(run), {
      keyId: account.keyId,
      privateKeyPem: account.privateKeyPem,
      ...target,
    })
    check(problems.length === 0, `page errors at ${url}: ${problems.join('; ')}`)
    if (options.expectError) return result
    check(!result.error, `${url}: ${result.error}`)
    check(result.listed.includes(result.created), `${url}: the new key is not listed`)
    check(result.extractable === false, `${url}: the page's private key is extractable`)
    const traffic = account.traffic()
    const rest = traffic.filter((entry) => entry.path.startsWith('/trade-api/v2/'))
    check(
      rest.length >= 2 && rest.every((entry) => entry.auth === 'valid'),
      `${url}: the API did not see the signed calls`,
    )
    check(
      traffic.every((entry) => !('origin' in entry.headers) && !('cookie' in entry.headers)),
      `${url}: Origin or a cookie reached the API`,
    )
    if (target.websocketUrl) {
      check(
        result.websocket?.protocol === 'kalshi-relay' && result.websocket?.echo === 'ping',
        `${url}: WebSocket ${JSON.stringify(result.websocket)}`,
      )
      check(
        traffic.some((entry) => entry.path === '/trade-api/ws/v2' && entry.auth === 'valid'),
        `${url}: the WebSocket sign-in did not reach the API`,
      )
    }
    const broken = account.takeViolations()
    check(broken.length === 0, `${url}: traffic off the spec: ${JSON.stringify(broken)}`)
    return result
  } finally {
    await page.close()
  }
}

/** @param {unknown} ok @param {string} message */
function check(ok, message) {
  if (!ok) throw new Error(message)
}

/**
 * Runs a command to its end; throws with its output if it fails.
 * @param {string} command @param {string[]} args @param {{ cwd?: string, env?: Record<string, string> }} [options]
 */
function run(command, args, options = {}) {
  const done = spawnSync(command, args, {
    cwd: options.cwd ?? here,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 600_000,
  })
  if (done.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${done.status ?? done.signal}):\n${done.stdout}\n${done.stderr}`,
    )
  return done.stdout
}

/**
 * Starts a server process and waits until its port answers HTTP; stopped after the stack.
 * @param {string} command @param {string[]} args @param {Record<string, string>} env @param {number} port @param {string} [cwd]
 */
async function serve(command, args, env, port, cwd = here) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  cleanups.push(() => stop(child))
  const until = Date.now() + 180_000
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${args.slice(0, 2).join(' ')} exited (${child.exitCode}):\n${output}`)
    if (await answers(port)) return
    if (Date.now() > until)
      throw new Error(`${args.slice(0, 2).join(' ')} did not listen on ${port}:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

/**
 * Starts a relay of examples/relay in the npm init -y project; resolves with its origin.
 * @param {string} command @param {string[]} args @param {Record<string, string>} env
 * @returns {Promise<string>}
 */
function startRelay(command, args, env) {
  const child = spawn(command, args, {
    cwd: project,
    env: {
      ...process.env,
      KALSHI_UPSTREAM: upstream,
      PORT: '0',
      HOST: '127.0.0.1',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  cleanups.push(() => stop(child))
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk
      const url = /Relay on (http:\/\/[^/\s]+)/.exec(output)?.[1]
      if (url) resolve(url)
    })
    child.stderr.on('data', (chunk) => (output += chunk))
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${output}`)),
    )
  })
}

/** @param {import('node:child_process').ChildProcess} child */
function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined)
    child.once('exit', () => resolve(undefined))
    // The whole group: next and wrangler start workers of their own.
    try {
      process.kill(-(/** @type {number} */ (child.pid)), 'SIGTERM')
    } catch {
      child.kill('SIGTERM')
    }
    setTimeout(() => {
      try {
        process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL')
      } catch {}
    }, 5_000).unref()
  })
}

/** @param {number} port */
function answers(port) {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', timeout: 10_000 }, (res) => {
      res.resume()
      resolve(true)
    })
    req.on('error', () => resolve(false))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/**
 * Serves a built page (index.html and app.js) at its own origin; stopped after the stack.
 * @param {string} dir
 */
async function staticSite(dir) {
  if (!existsSync(join(dir, 'index.html'))) await writeFile(join(dir, 'index.html'), PAGE)
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const file = join(dir, path === '/' ? 'index.html' : path.replace(/^\/+/, ''))
    if (!file.startsWith(dir)) return res.writeHead(404).end()
    try {
      const body = await readFile(file)
      res
        .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
        .end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve(undefined))))
  return `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`
}

/**
 * A proxy in front of an app on `port`, as a real domain has: the page's origin is the proxy's,
 * and the app sees its own Host.
 * @param {number} port
 */
async function hostRewritingProxy(port) {
  const server = createServer((req, res) => {
    const upstreamRequest = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: `127.0.0.1:${port}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstreamRequest.on('error', () => res.writeHead(502).end())
    req.pipe(upstreamRequest)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  cleanups.push(() => {
    server.closeAllConnections()
    return new Promise((resolve) => server.close(() => resolve(undefined)))
  })
  // Another host name for the same machine: another origin than the app's.
  return `http://app.localhost:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`
}

/** The shipped route handler, where Next.js looks for it. */
async function nextRoute() {
  const to = join(nextApp, 'app/trade-api')
  await rm(to, { recursive: true, force: true })
  await cp(join(root, 'examples/next/app/trade-api'), to, { recursive: true })
}
