// @ts-check
// The fake server's state: accounts, each with its API keys, its recorded traffic and its queue
// of injected faults. Accounts keep parallel tests apart: a test makes its own account and sees
// only its own requests.
import { createPublicKey, generateKeyPair, randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { createMeter } from './meter.js'

const generate = promisify(generateKeyPair)

/**
 * @typedef {"basic" | "advanced" | "premier" | "market_maker"} UsageLevel
 *
 * @typedef {object} ApiKeyRecord
 * @property {string} api_key_id
 * @property {string} name
 * @property {string[]} scopes
 * @property {number} [subaccount]
 * @property {string} [fcm_subtrader_id]
 * @property {string} publicKeyPem SPKI PEM, as registered
 * @property {import('node:crypto').KeyObject} publicKey
 *
 * @typedef {object} TrafficEntry One request as the server received it.
 * @property {string} method
 * @property {string} url The request target as sent (path and query).
 * @property {string} path The canonical API path the signature must cover.
 * @property {Record<string, string>} headers Lower-case names.
 * @property {string} body
 * @property {'valid' | 'invalid' | 'missing' | 'unknown_key' | 'expired'} auth
 * @property {number} receivedAt Server time, ms.
 * @property {string[]} [offSpec] What the spec does not allow in this request, if anything.
 * @property {number} [status] What the server answered (absent for dropped or hung requests).
 * @property {string} [fault] The injected fault's action, if one applied.
 * @property {boolean} [aborted] The client closed the connection before the answer was complete.
 * @property {string[]} [websocket] A WebSocket handshake: the messages received once it opened.
 *
 * @typedef {object} Fault One injected misbehaviour, applied to the next matching request(s).
 * @property {string} [method] Only requests with this method (any, if absent).
 * @property {string} [path] Only requests to this canonical path (any, if absent).
 * @property {number} [times] How many requests it applies to. Default 1.
 * @property {number} [skip] How many matching requests to let through before it applies. Default 0.
 * @property {number} [status] Answer with this status instead of handling the request.
 * @property {unknown} [body] The answer's body: a string is sent as is, anything else as JSON.
 * @property {number} [repeat] Send a string body this many times over (a multi-megabyte answer).
 * @property {string} [contentType] The answer's content type (default: JSON for objects, text otherwise).
 * @property {Record<string, string>} [headers] Extra answer headers.
 * @property {number} [delayMs] Wait this long first (then answer, or handle normally).
 * @property {'drop' | 'hang' | 'stall' | 'truncate'} [action] Drop the connection, never answer, send
 *   the headers and then nothing more, or send half a JSON body and close.
 *
 * @typedef {object} AccountSettings What a test may set on its account.
 * @property {UsageLevel} [usageLevel] `basic` and `advanced` may not register their own public keys. Default `premier`.
 * @property {boolean} [fcm] An FCM member, who may bind keys to its subtraders. Default `false`.
 * @property {string[]} [subtraders] The FCM subtraders visible in the credential registry (others answer 409).
 * @property {number | null} [regionExpiration] `api_key_region_expiration_ts`; absent until the account attests.
 * @property {string} [warning] The `warning` of a key minted for a subtrader (a missing risk control).
 * @property {number} [clockOffsetMs]
 * @property {boolean} [offSpec] This account's requests break the spec on purpose: not reported.
 * @property {import('./meter.js').MeterSetting} [rateLimit] Meters its requests (meter.js): a usage
 *   level's budget by name, or `{ read, write, readBurst?, writeBurst?, cost? }`; `null` turns it off.
 *   Off by default.
 *
 * @typedef {object} Violation A request the spec does not allow, or an answer it does not declare.
 * @property {string | undefined} account
 * @property {string} method
 * @property {string} url
 * @property {string[]} problems
 * @property {boolean} [answer] The fake server's own answer broke the spec.
 *
 * @typedef {object} Account
 * @property {string} id
 * @property {UsageLevel} usageLevel `basic` and `advanced` may not register their own public keys.
 * @property {boolean} fcm
 * @property {string[]} subtraders
 * @property {number | null | undefined} regionExpiration
 * @property {string | undefined} warning
 * @property {boolean} offSpec
 * @property {Map<string, ApiKeyRecord>} keys
 * @property {TrafficEntry[]} traffic
 * @property {Fault[]} faults
 * @property {import('./meter.js').Meter | undefined} [meter] Its rate limits, when it asked for them.
 * @property {number} clockOffsetMs How far this account's server clock is ahead of the real one
 *   (negative: behind). Timestamps are checked against it and the `Date` header shows it.
 *
 * @typedef {object} NewKey A key made by the registry, with its private half for the caller.
 * @property {string} keyId
 * @property {'rsa' | 'ed25519'} keyType
 * @property {string} privateKeyPem PKCS#8 PEM.
 * @property {string} [privateKeyPkcs1Pem] PKCS#1 PEM, as Kalshi hands out RSA keys (RSA only).
 * @property {string} publicKeyPem SPKI PEM.
 */

export class Registry {
  /** @type {Map<string, Account>} */
  accounts = new Map()
  /** @type {Map<string, Account>} key id → owner */
  owners = new Map()
  /** @type {Violation[]} requests and answers the spec does not allow, from every account not marked `offSpec` */
  violations = []

  /**
   * Opens an account with one admin key (`read` + `write`).
   * @param {AccountSettings & { keyType?: 'rsa' | 'ed25519' }} [options]
   * @returns {Promise<NewKey & { accountId: string }>}
   */
  async createAccount(options = {}) {
    /** @type {Account} */
    const account = {
      id: randomUUID(),
      usageLevel: 'premier',
      fcm: false,
      subtraders: [],
      regionExpiration: undefined,
      warning: undefined,
      offSpec: false,
      keys: new Map(),
      traffic: [],
      faults: [],
      clockOffsetMs: 0,
    }
    this.configure(account, options)
    this.accounts.set(account.id, account)
    const admin = await this.makeKey(
      account,
      { name: 'admin', scopes: ['read', 'write'] },
      options.keyType,
    )
    return { accountId: account.id, ...admin }
  }

  /**
   * Changes an account's settings; what is absent stays.
   * @param {Account} account
   * @param {AccountSettings} settings
   */
  configure(account, settings) {
    const { usageLevel, fcm, subtraders, regionExpiration, warning, clockOffsetMs, offSpec } =
      settings
    if (usageLevel) account.usageLevel = usageLevel
    if (typeof fcm === 'boolean') account.fcm = fcm
    if (Array.isArray(subtraders)) account.subtraders = subtraders
    if (regionExpiration !== undefined) account.regionExpiration = regionExpiration
    if (typeof warning === 'string') account.warning = warning
    if (Number.isInteger(clockOffsetMs))
      account.clockOffsetMs = /** @type {number} */ (clockOffsetMs)
    if (typeof offSpec === 'boolean') account.offSpec = offSpec
    // Rate limits (meter.js): a new setting starts with full buckets.
    if (settings.rateLimit !== undefined) account.meter = createMeter(settings.rateLimit)
  }

  /** @param {Account} account */
  settingsOf(account) {
    const { id, usageLevel, fcm, subtraders, regionExpiration, warning, clockOffsetMs, offSpec } =
      account
    const rateLimit = account.meter?.budget ?? null // rate limits
    return {
      id,
      usageLevel,
      fcm,
      subtraders,
      regionExpiration,
      warning,
      clockOffsetMs,
      offSpec,
      rateLimit,
    }
  }

  /**
   * Notes a request or answer the spec does not allow, unless its account breaks the spec on purpose.
   * @param {Violation} violation
   */
  recordViolation(violation) {
    if (!this.accounts.get(violation.account ?? '')?.offSpec) this.violations.push(violation)
  }

  /**
   * Makes a key pair and registers its public key, as `POST /api_keys/generate` does.
   * @param {Account} account
   * @param {{ name: string, scopes: string[], subaccount?: number, fcm_subtrader_id?: string }} fields
   * @param {'rsa' | 'ed25519'} [keyType] Default `rsa`.
   * @returns {Promise<NewKey>}
   */
  async makeKey(account, fields, keyType = 'rsa') {
    const pair = await generateKeyPairPem(keyType)
    const record = this.register(account, { ...fields, publicKeyPem: pair.publicKeyPem })
    return { keyId: record.api_key_id, ...pair }
  }

  /**
   * Registers a public key for an account.
   * @param {Account} account
   * @param {{ name: string, scopes: string[], publicKeyPem: string, subaccount?: number, fcm_subtrader_id?: string }} fields
   * @returns {ApiKeyRecord}
   */
  register(account, { publicKeyPem, ...fields }) {
    /** @type {ApiKeyRecord} */
    const record = {
      api_key_id: randomUUID(),
      ...fields,
      publicKeyPem,
      publicKey: createPublicKey(publicKeyPem),
    }
    account.keys.set(record.api_key_id, record)
    this.owners.set(record.api_key_id, account)
    return record
  }

  /**
   * @param {Account} account
   * @param {string} keyId
   * @returns {boolean} whether the key existed
   */
  remove(account, keyId) {
    this.owners.delete(keyId)
    return account.keys.delete(keyId)
  }

  /**
   * Takes the first fault that matches a request, counting it down.
   * @param {Account} account
   * @param {string} method
   * @param {string} path
   * @returns {Fault | undefined}
   */
  takeFault(account, method, path) {
    const index = account.faults.findIndex(
      (fault) => (!fault.method || fault.method === method) && (!fault.path || fault.path === path),
    )
    const fault = account.faults[index]
    if (!fault) return undefined
    // Waiting for its turn: this request passes, one fewer to let through.
    if (fault.skip) {
      account.faults[index] = { ...fault, skip: fault.skip - 1 }
      return undefined
    }
    const left = (fault.times ?? 1) - 1
    if (left > 0) account.faults[index] = { ...fault, times: left }
    else account.faults.splice(index, 1)
    return fault
  }
}

/**
 * A key pair made with node:crypto, RSA-2048 or Ed25519, as PEM in every form the tests need.
 * @param {'rsa' | 'ed25519'} [keyType] Default `rsa`.
 * @returns {Promise<Omit<NewKey, 'keyId'>>}
 */
export async function generateKeyPairPem(keyType = 'rsa') {
  const { publicKey, privateKey } =
    keyType === 'ed25519'
      ? await generate('ed25519')
      : await generate('rsa', { modulusLength: 2048 })
  return {
    keyType,
    publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
    privateKeyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    ...(keyType === 'rsa' && {
      privateKeyPkcs1Pem: String(privateKey.export({ type: 'pkcs1', format: 'pem' })),
    }),
  }
}

/**
 * An API key as the API lists it: no key material.
 * @param {ApiKeyRecord} record
 */
export function publicView({ api_key_id, name, scopes, subaccount, fcm_subtrader_id }) {
  return {
    api_key_id,
    name,
    scopes,
    ...(subaccount !== undefined && { subaccount }),
    ...(fcm_subtrader_id && { fcm_subtrader_id }),
  }
}
