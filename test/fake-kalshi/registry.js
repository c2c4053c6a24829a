// @ts-check
// The fake server's state: accounts, each with its API keys, its recorded traffic and its queue
// of injected faults. Accounts keep parallel tests apart: a test makes its own account and sees
// only its own requests.
import { createPublicKey, generateKeyPair, randomUUID } from 'node:crypto'
import { promisify } from 'node:util'

const generateRsa = promisify(generateKeyPair)

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
 * @property {number} [status] What the server answered (absent for dropped or hung requests).
 * @property {string} [fault] The injected fault's action, if one applied.
 * @property {boolean} [aborted] The client closed the connection before the answer was complete.
 *
 * @typedef {object} Fault One injected misbehaviour, applied to the next matching request(s).
 * @property {string} [method] Only requests with this method (any, if absent).
 * @property {string} [path] Only requests to this canonical path (any, if absent).
 * @property {number} [times] How many requests it applies to. Default 1.
 * @property {number} [status] Answer with this status instead of handling the request.
 * @property {unknown} [body] The answer's body: a string is sent as is, anything else as JSON.
 * @property {number} [repeat] Send a string body this many times over (a multi-megabyte answer).
 * @property {string} [contentType] The answer's content type (default: JSON for objects, text otherwise).
 * @property {Record<string, string>} [headers] Extra answer headers.
 * @property {number} [delayMs] Wait this long first (then answer, or handle normally).
 * @property {'drop' | 'hang' | 'stall' | 'truncate'} [action] Drop the connection, never answer, send
 *   the headers and then nothing more, or send half a JSON body and close.
 *
 * @typedef {object} Account
 * @property {string} id
 * @property {UsageLevel} usageLevel `basic` and `advanced` may not create or generate keys.
 * @property {Map<string, ApiKeyRecord>} keys
 * @property {TrafficEntry[]} traffic
 * @property {Fault[]} faults
 * @property {number} clockOffsetMs How far this account's server clock is ahead of the real one
 *   (negative: behind). Timestamps are checked against it and the `Date` header shows it.
 *
 * @typedef {object} NewKey A key made by the registry, with its private half for the caller.
 * @property {string} keyId
 * @property {string} privateKeyPem PKCS#8 PEM.
 * @property {string} privateKeyPkcs1Pem PKCS#1 PEM, as Kalshi hands out.
 * @property {string} publicKeyPem SPKI PEM.
 */

export class Registry {
  /** @type {Map<string, Account>} */
  accounts = new Map()
  /** @type {Map<string, Account>} key id → owner */
  owners = new Map()

  /**
   * Opens an account with one admin key (`read` + `write`).
   * @param {{ usageLevel?: UsageLevel }} [options]
   * @returns {Promise<NewKey & { accountId: string }>}
   */
  async createAccount(options = {}) {
    /** @type {Account} */
    const account = {
      id: randomUUID(),
      usageLevel: options.usageLevel ?? 'premier',
      keys: new Map(),
      traffic: [],
      faults: [],
      clockOffsetMs: 0,
    }
    this.accounts.set(account.id, account)
    const admin = await this.makeKey(account, { name: 'admin', scopes: ['read', 'write'] })
    return { accountId: account.id, ...admin }
  }

  /**
   * Makes a key pair and registers its public key, as `POST /api_keys/generate` does.
   * @param {Account} account
   * @param {{ name: string, scopes: string[], subaccount?: number, fcm_subtrader_id?: string }} fields
   * @returns {Promise<NewKey>}
   */
  async makeKey(account, fields) {
    const pair = await generateRsaKeyPair()
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
    const left = (fault.times ?? 1) - 1
    if (left > 0) account.faults[index] = { ...fault, times: left }
    else account.faults.splice(index, 1)
    return fault
  }
}

/**
 * An RSA-2048 key pair made with node:crypto, as PEM in every form the tests need.
 * @returns {Promise<Omit<NewKey, 'keyId'>>}
 */
export async function generateRsaKeyPair() {
  const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 })
  return {
    publicKeyPem: String(publicKey.export({ type: 'spki', format: 'pem' })),
    privateKeyPem: String(privateKey.export({ type: 'pkcs8', format: 'pem' })),
    privateKeyPkcs1Pem: String(privateKey.export({ type: 'pkcs1', format: 'pem' })),
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
