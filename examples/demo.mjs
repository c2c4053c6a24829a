#!/usr/bin/env node
// @ts-check
// `npm run demo`: the fake Kalshi server, the relay in front of it, and a static server for the
// examples, all on loopback, behind one URL. With KALSHI_BASE_URL set, the relay forwards to that
// API instead (for example https://external-api.demo.kalshi.co/trade-api/v2) and the page asks
// for your key.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
}

/** The Content Security Policy every page of the demo is served with. */
export const CSP =
  "default-src 'self'; script-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'"

/**
 * Starts everything; resolves once it is listening.
 * @param {{ port?: number, upstream?: string | undefined }} [options]
 */
export async function startDemo(options = {}) {
  // The fake server, the relay: from the package itself, whose own name resolves to this
  // repository's dist/ (built first when missing, below).
  const { startFakeKalshi } = await import('kalshi-webcrypto/testing')
  const fake = options.upstream ? undefined : await startFakeKalshi()
  const account = fake && (await fake.createAccount())
  const upstream = options.upstream ?? /** @type {NonNullable<typeof fake>} */ (fake).apiUrl
  const config = account
    ? { mode: 'fake', upstream, keyId: account.keyId, privateKeyPem: account.privateKeyPkcs1Pem }
    : { mode: 'upstream', upstream }
  const { createRelay } = await import('kalshi-webcrypto/relay')
  const { toNodeListener, toNodeUpgradeListener } = await import('kalshi-webcrypto/relay/node')
  // allowGenerate: this relay runs on the user's own machine, in the same process that serves the
  // page, so the server-generated key it passes is seen by no one the page does not trust already.
  // The page's "below Premier" step needs it.
  const handler = createRelay({ upstream, allowGenerate: true })
  const relay = toNodeListener(handler)
  /** DNS rebinding: a site that points its own name at 127.0.0.1 could otherwise script this origin. */
  const ownHost = (/** @type {string | undefined} */ host) => {
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
    return host === `127.0.0.1:${port}` || host === `localhost:${port}`
  }

  const server = createServer(async (req, res) => {
    // Only this server's own host names are served.
    if (!ownHost(req.headers.host))
      return void res.writeHead(421, { 'content-type': 'text/plain' }).end('Unknown host')
    // The policy the examples are written to hold: no inline script, no HTML from strings.
    res.setHeader('content-security-policy', CSP)
    const path = new URL(req.url ?? '/', 'http://demo').pathname
    if (path.startsWith('/trade-api/v2/')) return relay(req, res)
    if (path === '/') return void res.writeHead(302, { location: '/examples/browser/' }).end()
    // The fake account's usage level, set from the page (fake mode only).
    if (path === '/demo-account' && req.method === 'POST' && fake && account) {
      // From the demo's own page only: another site's page can POST here too (a no-cors form or
      // fetch), but only with its own Origin, and only text/plain, never application/json.
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
      const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`]
      if (
        !origins.includes(req.headers.origin ?? '') ||
        req.headers['content-type'] !== 'application/json'
      )
        return void res.writeHead(403, { 'content-type': 'text/plain' }).end('Not from this page')
      let body = ''
      for await (const chunk of req) body += chunk
      const usageLevel = /^\{"usageLevel":"(premier|basic)"\}$/.exec(body)?.[1]
      if (!usageLevel) return void res.writeHead(400).end()
      account.setUsageLevel(/** @type {"premier" | "basic"} */ (usageLevel))
      return void res.writeHead(204).end()
    }
    if (path === '/demo-config.json') {
      // The usage level as the server holds it now: a reload, or the other page, shows it as it is.
      const usageLevel = account?.settings().usageLevel
      return void res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify({ ...config, ...(usageLevel && { usageLevel }) }))
    }
    // Static files, from examples/ and dist/ only.
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path))
    const allowed = [join(root, 'examples') + sep, join(root, 'dist') + sep].some((dir) =>
      file.startsWith(dir),
    )
    try {
      if (!allowed) throw new Error('outside')
      const body = await readFile(file)
      res
        .writeHead(200, {
          'content-type':
            TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream',
        })
        .end(body)
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    }
  })
  // The WebSocket sign-in, for pages that open /trade-api/ws/v2.
  // Under the same Host check as every other request.
  const upgrade = toNodeUpgradeListener(handler)
  server.on('upgrade', (req, socket, head) => {
    if (ownHost(req.headers.host)) return upgrade(req, socket, head)
    socket.end('HTTP/1.1 421 Misdirected Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
  })
  await new Promise((resolve) =>
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)),
  )
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${address.port}/`,
    upstream,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await fake?.close()
    },
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bundles = [
    'kalshi-webcrypto.esm.min.js',
    'kalshi-webcrypto.min.js',
    'relay.js',
    'testing.js',
  ].map((file) => join(root, 'dist', file))
  if (!bundles.every((file) => existsSync(file))) {
    console.log('Building the bundles first (npm run build)…')
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  }
  const demo = await startDemo({
    port: Number(process.env.PORT ?? 8787),
    upstream: process.env.KALSHI_BASE_URL,
  })
  // What the README's "Try it" says this prints (test/package/readme.node.test.ts holds it to that).
  const fake = process.env.KALSHI_BASE_URL ? '' : ' (a local fake Kalshi server)'
  console.log('kalshi-webcrypto demo, on this machine only:')
  console.log(`  the example page:              ${demo.url}`)
  console.log(`  the same from a <script> tag:  ${demo.url}examples/cdn/`)
  console.log(`  the API behind its relay:      ${demo.upstream}${fake}`)
  console.log('Open the example page in a browser. Ctrl-C stops everything.')
  process.on('SIGINT', () => demo.close().then(() => process.exit(0)))
}
