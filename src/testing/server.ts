// A local stand-in for the Kalshi Trade API's API Keys endpoints: signatures verified with
// node:crypto, every request and answer held to Kalshi's OpenAPI, faults on demand.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { apiError, cors, readBody, send, sendFault, unauthorized } from './answers.js'
import { answerApiKeys } from './api-keys.js'
import { verifyRequestSignature } from './auth.js'

import { controlOf, controlRoute, type FakeKalshiControl } from './control.js'

import { TOO_MANY_REQUESTS } from './meter.js'

import { findExtraOperation } from './portfolio.js'
import { Registry } from './registry.js'
import { API_PREFIX, checkRequest, checkResponse, findOperation } from './spec.js'
import type { Account, ApiKeyRecord, TrafficEntry } from './types.js'
import { webSocketEndpoint } from './websocket.js'

/** How to start the fake server. */
export interface FakeKalshiOptions {
  /** Default 0: any free port. */
  port?: number
  /** Default `127.0.0.1`. */
  host?: string
  /** Timestamps further than this from the server's clock are refused. Default 10 000. */
  maxClockSkewMs?: number
  /** The secret part of the control API's path. Default: a random one. */
  controlToken?: string
  /**
   * Path prefixes the API answers under. Default `['/trade-api/v2']`; add e.g. `'/relay/kalshi'`
   * to act as a relay that rewrites paths (signatures still cover `/trade-api/v2/...`).
   */
  mounts?: string[]
}

/** A running fake server: where it listens, its typed control API, and `close`. */
export interface FakeKalshi extends FakeKalshiControl {
  /** Origin, e.g. `http://127.0.0.1:43210`. */
  url: string
  /** The API base URL, a client's `baseUrl`: `url + '/trade-api/v2'`. */
  apiUrl: string
  /**
   * The HTTP control API's base URL, with its per-run token (for tests in a browser or another
   * process): keep it to the tests.
   */
  controlUrl: string
  /** Stops the server, ending open connections. */
  close(): Promise<void>
}

/**
 * Starts a fake Kalshi Trade API (the API Keys endpoints, a WebSocket handshake, and
 * `/portfolio/balance` and `/portfolio/orders`) on loopback. It verifies every request's
 * `KALSHI-ACCESS-*` signature with node:crypto (RSA-PSS or Ed25519), checks the timestamp against
 * the account's clock, holds each request and answer to Kalshi's OpenAPI, answers errors in the
 * API's shape, records the traffic per account and applies injected faults. It never talks to
 * Kalshi; the keys it makes are throwaway test keys.
 *
 * Each test opens its own account (`createAccount`), so tests running in parallel never see each
 * other's keys, traffic or faults.
 *
 * @example
 * import { createClient } from 'kalshi-webcrypto'
 * import { startFakeKalshi } from 'kalshi-webcrypto/testing'
 *
 * const fake = await startFakeKalshi()
 * const account = await fake.createAccount()
 * const client = createClient({
 *   baseUrl: fake.apiUrl,
 *   credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
 * })
 * await client.listApiKeys()
 * account.traffic()[0]?.auth // 'valid'
 * await fake.close()
 */
export async function startFakeKalshi(options: FakeKalshiOptions = {}): Promise<FakeKalshi> {
  const registry = new Registry()
  const maxSkew = options.maxClockSkewMs ?? 10_000
  const mounts = options.mounts ?? [API_PREFIX]
  // The control API can read every account's PEMs: only who knows this token reaches it (not a
  // page that guesses the port, say).
  const controlToken = options.controlToken ?? randomUUID()
  const controlPrefix = `/__control/${controlToken}/`
  const hanging = new Set<ServerResponse>()
  const controls = controlOf(registry)

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent)
        send(res, 500, { error: { code: 'internal_server_error', message: String(error) } })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake')
    if (url.pathname.startsWith('/__control/')) {
      // No CORS for the control API unless the token is right, and then only for that origin.
      if (!url.pathname.startsWith(controlPrefix)) return send(res, 404, { error: 'not found' })
      cors(req, res, req.headers.origin ?? '')
      if (req.method === 'OPTIONS') return void res.writeHead(204).end()
      return controlRoute(controls, req, res, url.pathname.slice(controlPrefix.length - 1))
    }
    cors(req, res, '*')
    if (req.method === 'OPTIONS') return void res.writeHead(204).end()
    // The path exactly as the request line carries it, as a strict server checks it: no URL
    // normalisation that the client's own URL parser might share.
    const [target = '/', query] = (req.url ?? '/').split(/\?(.*)/s)
    const mount = mounts.find((prefix) => target === prefix || target.startsWith(`${prefix}/`))
    if (!mount) return send(res, 404, apiError('not_found', 'No such endpoint'))
    const path = API_PREFIX + target.slice(mount.length)
    const body = await readBody(req)
    const method = req.method ?? 'GET'
    const headers: Record<string, string> = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
    )
    const keyId = headers['kalshi-access-key'] ?? ''
    const account = registry.owners.get(keyId)
    const entry: TrafficEntry = {
      method,
      url: req.url ?? '',
      path,
      headers,
      body,
      auth: 'missing',
      receivedAt: Date.now(),
    }
    entry.auth = authenticate(entry, account)
    account?.traffic.push(entry)
    if (account?.clockOffsetMs)
      res.setHeader('date', new Date(Date.now() + account.clockOffsetMs).toUTCString())
    res.on('finish', () => {
      entry.status = res.statusCode
    })
    res.on('close', () => {
      if (!res.writableFinished) entry.aborted = true
    })
    // Every request is held to the spec; what breaks it is recorded (the test run fails on it,
    // unless the account was opened to send such requests on purpose). The few endpoints beyond
    // the spec copy that this server knows (portfolio.js) are exempt, by name.
    const extra = findExtraOperation(method, path.slice(API_PREFIX.length))
    const offSpec = extra
      ? []
      : checkRequest({
          method,
          target: path + (query === undefined ? '' : `?${query}`),
          headers,
          body,
        })
    if (offSpec.length) {
      entry.offSpec = offSpec
      registry.recordViolation({ account: account?.id, method, url: entry.url, problems: offSpec })
    }

    // Rate limits (meter.js): an account that asked to be metered gets the API's 429 over budget.
    if (account?.meter && !account.meter.admit(method)) return send(res, 429, TOO_MANY_REQUESTS)

    const fault = account && registry.takeFault(account, method, path)
    if (fault) {
      entry.fault = fault.action ?? (fault.status ? 'status' : 'delay')
      if (fault.delayMs) await sleep(fault.delayMs)
      if (fault.action === 'drop') return void req.socket.destroy()
      if (fault.action === 'hang') return void hanging.add(res)
      if (fault.action === 'stall') {
        res.writeHead(fault.status ?? 200, { 'content-type': 'application/json' })
        res.write('{"api_keys": [')
        return void hanging.add(res)
      }
      if (fault.action === 'truncate') {
        res.writeHead(fault.status ?? 200, {
          'content-type': 'application/json',
          'content-length': '64',
        })
        res.write('{"api_keys": [{"api_key_id": "')
        return void setTimeout(() => req.socket.destroy(), 20)
      }
      if (fault.status) return sendFault(res, fault)
    }

    // Since Oct 2025, a path with a trailing slash is redirected to the one without.
    if (path.length > API_PREFIX.length + 1 && path.endsWith('/')) {
      const location = target.replace(/\/+$/, '') + (query === undefined ? '' : `?${query}`)
      return void res.writeHead(301, { location }).end()
    }
    if (extra) {
      if (!account || entry.auth !== 'valid') return send(res, 401, unauthorized(entry.auth))
      const [status, answer] = extra.answer(body)
      return send(res, status, answer)
    }
    const op = findOperation(method, path.slice(API_PREFIX.length))
    if (!op) return send(res, 404, apiError('not_found', `No route for ${method} ${path}`))
    // From here on, every answer is one the spec declares for this operation, and is checked.
    const reply = (status: number, answer?: unknown): void => {
      const text = answer === undefined ? '' : JSON.stringify(answer)
      const problems = checkResponse(op, status, text)
      if (problems.length)
        registry.recordViolation({
          account: account?.id,
          method,
          url: entry.url,
          problems,
          answer: true,
        })
      if (answer === undefined) return void res.writeHead(status).end()
      res.writeHead(status, { 'content-type': 'application/json' }).end(text)
    }
    if (!account || entry.auth !== 'valid') return reply(401, unauthorized(entry.auth))
    const key = account.keys.get(keyId) as ApiKeyRecord
    // A key bound to an FCM subtrader is a FIX / margin WebSocket credential: REST denies it.
    if (key.fcm_subtrader_id)
      return reply(
        401,
        apiError('unauthorized', 'A key bound to an FCM subtrader cannot call REST'),
      )
    const needed = method === 'GET' ? 'read' : 'write'
    if (!key.scopes.includes(needed)) {
      // 403 where the spec declares it (POST), else 401.
      return reply(
        op.responses.has(403) ? 403 : 401,
        apiError('insufficient_scope', `This API key lacks the "${needed}" scope`),
      )
    }
    if (offSpec.length && op.responses.has(400))
      return reply(400, apiError('invalid_parameters', offSpec.join('; ')))

    const [status, answer] = await answerApiKeys({
      registry,
      account,
      op,
      method,
      path,
      query,
      body,
    })
    return reply(status, answer)
  }

  function authenticate(entry: TrafficEntry, account: Account | undefined): TrafficEntry['auth'] {
    const timestamp = entry.headers['kalshi-access-timestamp']
    const signature = entry.headers['kalshi-access-signature']
    const keyId = entry.headers['kalshi-access-key']
    if (!timestamp || !signature || !keyId) return 'missing'
    const key = account?.keys.get(keyId)
    if (!key) return 'unknown_key'
    const now = Date.now() + (account?.clockOffsetMs ?? 0)
    if (!/^\d{1,16}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > maxSkew)
      return 'expired'
    const ok = verifyRequestSignature({
      publicKey: key.publicKey,
      timestamp,
      method: entry.method,
      path: entry.path,
      signature,
    })
    return ok ? 'valid' : 'invalid'
  }

  const sockets = webSocketEndpoint({ registry, authenticate, unauthorized })
  server.on('upgrade', sockets.upgrade)

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined))
  })
  const address = server.address() as AddressInfo
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  return {
    url,
    apiUrl: url + API_PREFIX,
    controlUrl: `${url}/__control/${controlToken}`,
    ...controls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy()
        sockets.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
