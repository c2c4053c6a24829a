// @ts-check
// An insecure context on purpose: the built bundle served over plain http from this machine's
// non-loopback address. Browsers treat only https and loopback http as secure, so a page from here
// has no `crypto.subtle`, like a page a user opens from a LAN address.
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { networkInterfaces } from 'node:os'

/** @typedef {{ url: string, close: () => Promise<void> }} InsecureOrigin */

/** This machine's first non-loopback IPv4 address, if any. */
export function lanAddress() {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address
    }
  }
  return undefined
}

// The page reports, to the page that framed it, what each SDK call did without WebCrypto.
const page = /* html */ `<!doctype html><meta charset="utf-8"><script type="module">
  import * as sdk from '/dist/kalshi-webcrypto.esm.min.js'
  const calls = {
    generateKeyPair: () => sdk.generateKeyPair(),
    importPrivateKey: () => sdk.importPrivateKey(new URLSearchParams(location.search).get('pem')),
  }
  const report = { isSecureContext, subtle: typeof globalThis.crypto?.subtle, calls: {} }
  for (const [name, call] of Object.entries(calls)) {
    try {
      await call()
      report.calls[name] = { resolved: true }
    } catch (error) {
      report.calls[name] = { name: error.name, code: error.code, message: error.message }
    }
  }
  parent.postMessage({ insecureReport: report }, '*')
</script>`

/** @returns {Promise<InsecureOrigin | undefined>} */
export async function startInsecureOrigin() {
  const host = lanAddress()
  if (!host) return undefined
  const bundle = new URL('../../dist/kalshi-webcrypto.esm.min.js', import.meta.url)
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/insecure.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page)
    } else if (path === '/dist/kalshi-webcrypto.esm.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(bundle))
    } else {
      res.writeHead(404).end()
    }
  })
  server.listen(0, host)
  await once(server, 'listening')
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://${host}:${address.port}`,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
