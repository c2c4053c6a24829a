// @ts-check
// A local stand-in for the Kalshi Trade API's API Keys endpoints. See README.md beside this file.
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { verifyRequestSignature } from './auth.js'
import { TOO_MANY_REQUESTS } from './meter.js'
import { findExtraOperation } from './portfolio.js'
import { generateKeyPairPem, publicView, Registry } from './registry.js'
import { API_PREFIX, checkRequest, checkResponse, findOperation } from './spec.js'
import { webSocketEndpoint } from './websocket.js'

const SCOPE = /^(read|write)(::[a-z0-9_]+)*$/
const SUBTRADER = /^\S+_[A-Za-z0-9]{1,16}$/
const MAX_BODY = 64 * 1024

/**
 * @typedef {object} FakeKalshiOptions
 * @property {number} [port] Default 0: any free port.
 * @property {string} [host] Default `127.0.0.1`.
 * @property {number} [maxClockSkewMs] Timestamps further than this from the server's clock are refused. Default 10 000.
 * @property {string} [controlToken] The secret part of the control API's path. Default: a random one.
 * @property {string[]} [mounts] Path prefixes the API answers under. Default `['/trade-api/v2']`; add
 *   e.g. `'/relay/kalshi'` to act as a relay that rewrites paths (signatures still cover `/trade-api/v2/...`).
 *
 * @typedef {object} FakeKalshi
 * @property {string} url Origin, e.g. `http://127.0.0.1:43210`.
 * @property {string} apiUrl The API base URL: `url + '/trade-api/v2'`.
 * @property {string} controlUrl The control API's base URL, with its per-run token: keep it to the tests.
 * @property {Registry} registry Direct access to accounts, keys, traffic and faults.
 * @property {() => Promise<void>} close Stops the server, ending open connections.
 */

/** @typedef {import('./registry.js').Account} Account */
/** @typedef {import('./registry.js').TrafficEntry} TrafficEntry */
/** @typedef {import('./registry.js').Fault} Fault */
/** @typedef {import('node:http').IncomingMessage} Req */
/** @typedef {import('node:http').ServerResponse} Res */

/**
 * Starts the fake server on loopback.
 *
 * @param {FakeKalshiOptions} [options]
 * @returns {Promise<FakeKalshi>}
 * @example
 * const fake = await startFakeKalshi()
 * const account = await fake.registry.createAccount()
 * // createClient({ baseUrl: fake.apiUrl, credentials: { keyId: account.keyId, privateKey: account.privateKeyPem } })
 */
export async function startFakeKalshi(options = {}) {
  const registry = new Registry()
  const maxSkew = options.maxClockSkewMs ?? 10_000
  const mounts = options.mounts ?? [API_PREFIX]
  // The control API can read every account's PEMs: only who knows this token reaches it (not a
  // page that guesses the port, say).
  const controlToken = options.controlToken ?? randomUUID()
  const controlPrefix = `/__control/${controlToken}/`
  /** @type {Set<Res>} */
  const hanging = new Set()

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent)
        send(res, 500, { error: { code: 'internal_server_error', message: String(error) } })
    })
  })

  /** @param {Req} req @param {Res} res */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://fake')
    if (url.pathname.startsWith('/__control/')) {
      // No CORS for the control API unless the token is right, and then only for that origin.
      if (!url.pathname.startsWith(controlPrefix)) return send(res, 404, { error: 'not found' })
      cors(req, res, req.headers.origin ?? '')
      if (req.method === 'OPTIONS') return void res.writeHead(204).end()
      return control(req, res, new URL(url.pathname.slice(controlPrefix.length - 1), 'http://fake'))
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
    const headers = /** @type {Record<string, string>} */ (
      Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]))
    )
    const keyId = headers['kalshi-access-key'] ?? ''
    const account = registry.owners.get(keyId)
    /** @type {TrafficEntry} */
    const entry = {
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
    /** @param {number} status @param {unknown} [answer] */
    const reply = (status, answer) => {
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
    const key = /** @type {import('./registry.js').ApiKeyRecord} */ (account.keys.get(keyId))
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

    switch (`${method} ${op.template}`) {
      case 'GET /api_keys': {
        const subtrader = new URLSearchParams(query).get('fcm_subtrader_id')
        const keys = [...account.keys.values()].filter(
          (k) => !subtrader || k.fcm_subtrader_id === subtrader,
        )
        return reply(200, {
          api_keys: keys.map(publicView),
          ...(account.regionExpiration !== undefined && {
            api_key_region_expiration_ts: account.regionExpiration,
          }),
        })
      }
      case 'POST /api_keys':
      case 'POST /api_keys/generate': {
        const generate = op.template.endsWith('/generate')
        const fields = parseKeyRequest(body, generate)
        if (typeof fields === 'string') return reply(400, apiError('invalid_parameters', fields))
        if (fields.fcm_subtrader_id !== undefined) {
          if (!account.fcm)
            return reply(
              403,
              apiError('forbidden', 'fcm_subtrader_id requires an FCM member caller'),
            )
          if (!account.subtraders.includes(fields.fcm_subtrader_id)) {
            return reply(
              409,
              apiError('conflict', 'The subtrader is not yet visible in the credential registry'),
            )
          }
        } else if (
          !generate &&
          (account.usageLevel === 'basic' || account.usageLevel === 'advanced')
        ) {
          // Registering your own public key is for the Premier and Market Maker levels only.
          return reply(
            403,
            apiError(
              'insufficient_usage_level',
              'Requires the Premier or Market Maker usage level',
            ),
          )
        }
        const { public_key, key_type, ...rest } = fields
        if (generate) {
          const type = key_type ?? 'rsa'
          const made = await generateKeyPairPem(type)
          const record = registry.register(account, { ...rest, publicKeyPem: made.publicKeyPem })
          return reply(201, {
            api_key_id: record.api_key_id,
            key_type: type,
            // As the API hands them out: PKCS#1 for RSA, PKCS#8 for Ed25519.
            private_key: made.privateKeyPkcs1Pem ?? made.privateKeyPem,
            ...(rest.fcm_subtrader_id && account.warning && { warning: account.warning }),
          })
        }
        const publicKeyPem = /** @type {string} */ (public_key)
        if ([...account.keys.values()].some((k) => k.publicKeyPem.trim() === publicKeyPem.trim()))
          return reply(400, apiError('invalid_parameters', 'This public key is already registered'))
        const record = registry.register(account, { ...rest, publicKeyPem })
        return reply(201, {
          api_key_id: record.api_key_id,
          ...(rest.fcm_subtrader_id && account.warning && { warning: account.warning }),
        })
      }
      default: {
        const id = safeDecode(path.slice(`${API_PREFIX}/api_keys/`.length))
        if (id === undefined) return reply(400, apiError('invalid_parameters', 'Bad api_key'))
        if (!registry.remove(account, id))
          return reply(404, apiError('not_found', 'API key not found'))
        return reply(204)
      }
    }
  }

  /**
   * @param {TrafficEntry} entry
   * @param {Account | undefined} account
   * @returns {TrafficEntry['auth']}
   */
  function authenticate(entry, account) {
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

  /** @param {Req} req @param {Res} res @param {URL} url */
  async function control(req, res, url) {
    const parts = url.pathname.split('/').slice(1) // ['accounts', id?, what?]
    const body = await readBody(req)
    const input = body ? JSON.parse(body) : {}
    if (parts[0] === 'violations' && req.method === 'POST') {
      // The given accounts' violations, each handed out once: the test that caused it fails.
      const accounts = new Set(Array.isArray(input.accounts) ? input.accounts : [])
      const taken = registry.violations.filter((v) => accounts.has(v.account))
      registry.violations = registry.violations.filter((v) => !taken.includes(v))
      return send(res, 200, taken)
    }
    if (parts[0] !== 'accounts') return send(res, 404, { error: 'unknown control route' })
    if (parts.length === 1 && req.method === 'POST')
      return send(res, 201, await registry.createAccount(input))
    const account = registry.accounts.get(parts[1] ?? '')
    if (!account) return send(res, 404, { error: 'unknown account' })
    const what = `${req.method} ${parts[2] ?? ''}`
    switch (what) {
      case 'GET ':
        return send(res, 200, {
          ...registry.settingsOf(account),
          keys: [...account.keys.values()].map((k) => ({
            ...publicView(k),
            keyType: k.publicKey.asymmetricKeyType,
          })),
        })
      case 'PATCH ':
        registry.configure(account, input)
        return send(res, 200, registry.settingsOf(account))
      case 'GET traffic':
        return send(res, 200, account.traffic)
      case 'POST faults':
        account.faults.push(...(Array.isArray(input) ? input : [input]))
        return send(res, 200, { queued: account.faults.length })
      case 'POST keys':
        return send(
          res,
          201,
          await registry.makeKey(
            account,
            { name: 'key', scopes: ['read', 'write'], ...input },
            input.keyType,
          ),
        )
      default:
        return send(res, 404, { error: 'unknown control route' })
    }
  }

  const sockets = webSocketEndpoint({ registry, authenticate, unauthorized })
  server.on('upgrade', sockets.upgrade)

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined))
  })
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  return {
    url,
    apiUrl: url + API_PREFIX,
    controlUrl: `${url}/__control/${controlToken}`,
    registry,
    close: () =>
      new Promise((resolve) => {
        for (const res of hanging) res.destroy()
        sockets.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** @param {Req} req @param {Res} res @param {string} origin */
function cors(req, res, origin) {
  res.setHeader('access-control-allow-origin', origin)
  res.setHeader('vary', 'Origin')
  res.setHeader('access-control-expose-headers', 'Date, Retry-After')
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, PATCH, OPTIONS')
    res.setHeader(
      'access-control-allow-headers',
      req.headers['access-control-request-headers'] ?? '*',
    )
    res.setHeader('access-control-max-age', '600')
  }
}

/** @param {Req} req @returns {Promise<string>} */
async function readBody(req) {
  let size = 0
  const chunks = []
  for await (const chunk of req) {
    size += chunk.length
    if (size > MAX_BODY) throw new Error('body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** @param {Res} res @param {number} status @param {unknown} body */
function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

/** @param {Res} res @param {Fault} fault */
function sendFault(res, fault) {
  const text =
    typeof fault.body === 'string'
      ? fault.body.repeat(fault.repeat ?? 1)
      : fault.body === undefined
        ? ''
        : JSON.stringify(fault.body)
  const type =
    fault.contentType ?? (typeof fault.body === 'string' ? 'text/plain' : 'application/json')
  res
    .writeHead(/** @type {number} */ (fault.status), { 'content-type': type, ...fault.headers })
    .end(text)
}

/** The API's usual error shape. @param {string} code @param {string} message */
function apiError(code, message) {
  return { error: { code, message, details: '' } }
}

/** @param {TrafficEntry['auth']} auth */
function unauthorized(auth) {
  switch (auth) {
    case 'expired':
      return apiError(
        'header_timestamp_expired',
        'KALSHI-ACCESS-TIMESTAMP is too far from the server time',
      )
    case 'invalid':
      // As seen in the wild: no message, the reason in details.
      return { error: { code: 'authentication_error', details: 'INCORRECT_API_KEY_SIGNATURE' } }
    case 'unknown_key':
      return apiError('unauthorized', 'Unknown API key')
    default:
      return apiError('missing_parameters', 'The KALSHI-ACCESS-* headers are required')
  }
}

/**
 * Checks a create/generate body as the API would, beyond its schema (which `spec.js` checks).
 * Returns the fields, or a message for a 400.
 * @param {string} body
 * @param {boolean} generate
 * @returns {{ name: string, scopes: string[], public_key?: string, key_type?: 'rsa' | 'ed25519', subaccount?: number, fcm_subtrader_id?: string } | string}
 */
function parseKeyRequest(body, generate) {
  let input
  try {
    input = JSON.parse(body)
  } catch {
    return 'The body must be JSON'
  }
  if (typeof input !== 'object' || input === null) return 'The body must be a JSON object'
  const {
    name,
    public_key,
    key_type,
    scopes = ['read', 'write'],
    subaccount,
    fcm_subtrader_id,
  } = input
  if (typeof name !== 'string' || !name.trim()) return 'name is required'
  if (
    !Array.isArray(scopes) ||
    !scopes.every((scope) => typeof scope === 'string' && SCOPE.test(scope))
  ) {
    return 'scopes must be a list of scopes'
  }
  if (scopes.includes('write') && !scopes.includes('read'))
    return 'the write scope requires the read scope'
  if (
    subaccount !== undefined &&
    !(Number.isInteger(subaccount) && subaccount >= 0 && subaccount <= 63)
  ) {
    return 'subaccount must be 0-63'
  }
  if (
    fcm_subtrader_id !== undefined &&
    !(typeof fcm_subtrader_id === 'string' && SUBTRADER.test(fcm_subtrader_id))
  ) {
    return 'fcm_subtrader_id is malformed'
  }
  if (subaccount !== undefined && fcm_subtrader_id !== undefined)
    return 'subaccount and fcm_subtrader_id are exclusive'
  const fields = {
    name,
    scopes,
    ...(subaccount !== undefined && { subaccount }),
    ...(fcm_subtrader_id !== undefined && { fcm_subtrader_id }),
  }
  if (generate) {
    if (key_type !== undefined && key_type !== 'rsa' && key_type !== 'ed25519')
      return 'key_type must be rsa or ed25519'
    return { ...fields, ...(key_type !== undefined && { key_type }) }
  }
  if (typeof public_key !== 'string' || !public_key.includes('-----BEGIN PUBLIC KEY-----')) {
    return 'public_key must be an RSA or Ed25519 public key in PEM'
  }
  if (public_key.includes('PRIVATE KEY') || isPrivateKey(public_key))
    return 'public_key must not be a private key'
  try {
    const key = createPublicKey(public_key)
    if (key.asymmetricKeyType === 'ed25519') return { ...fields, public_key }
    if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      return 'public_key must be Ed25519, or RSA of at least 2048 bits'
    }
  } catch {
    return 'public_key is not a valid public key'
  }
  return { ...fields, public_key }
}

/** @param {string} pem */
function isPrivateKey(pem) {
  try {
    createPrivateKey(pem)
    return true
  } catch {
    return false
  }
}

/** @param {string} text */
function safeDecode(text) {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
