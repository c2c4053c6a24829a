// The fake server's state: accounts, each with its API keys, its recorded traffic and its queue
// of injected faults. Accounts keep parallel tests apart: a test makes its own account and sees
// only its own requests.
import { createPublicKey, generateKeyPair, type KeyObject, randomUUID } from 'node:crypto'
import { promisify } from 'node:util'

const generate = promisify(generateKeyPair)

/** A Kalshi usage level. `basic` and `advanced` may not register their own public keys. */
export type UsageLevel = 'basic' | 'advanced' | 'premier' | 'market_maker'

/** The type of a key the server makes or holds. */
export type FakeKeyType = 'rsa' | 'ed25519'

/** An API key as the server holds it. */
export interface ApiKeyRecord {
  api_key_id: string
  name: string
  scopes: string[]
  subaccount?: number
  fcm_subtrader_id?: string
  /** SPKI PEM, as registered. */
  publicKeyPem: string
  publicKey: KeyObject
}

/** One request as the server received it. */
export interface TrafficEntry {
  method: string
  /** The request target as sent (path and query). */
  url: string
  /** The canonical API path the signature must cover. */
  path: string
  /** Lower-case names. */
  headers: Record<string, string>
  body: string
  /** The verdict on its `KALSHI-ACCESS-*` headers. */
  auth: 'valid' | 'invalid' | 'missing' | 'unknown_key' | 'expired'
  /** Server time, ms. */
  receivedAt: number
  /** What the spec does not allow in this request, if anything. */
  offSpec?: string[]
  /** What the server answered (absent for dropped or hung requests). */
  status?: number
  /** The injected fault's action, if one applied. */
  fault?: string
  /** The client closed the connection before the answer was complete. */
  aborted?: boolean
  /** A WebSocket handshake: the messages received once it opened. */
  websocket?: string[]
}

/** One injected misbehaviour, applied to the next matching request(s). */
export interface Fault {
  /** Only requests with this method (any, if absent). */
  method?: string
  /** Only requests to this canonical path, e.g. `/trade-api/v2/api_keys` (any, if absent). */
  path?: string
  /** How many requests it applies to. Default 1. */
  times?: number
  /** How many matching requests to let through before it applies. Default 0. */
  skip?: number
  /** Answer with this status instead of handling the request. */
  status?: number
  /** The answer's body: a string is sent as is, anything else as JSON. */
  body?: unknown
  /** Send a string body this many times over (a multi-megabyte answer). */
  repeat?: number
  /** The answer's content type (default: JSON for objects, text otherwise). */
  contentType?: string
  /** Extra answer headers. */
  headers?: Record<string, string>
  /** Wait this long first (then answer, or handle normally). */
  delayMs?: number
  /**
   * Drop the connection, never answer, send the headers and then nothing more, or send half a
   * JSON body and close.
   */
  action?: 'drop' | 'hang' | 'stall' | 'truncate'
}

/** What a test may set on its account. */
export interface AccountSettings {
  /** `basic` and `advanced` may not register their own public keys. Default `premier`. */
  usageLevel?: UsageLevel
  /** An FCM member, who may bind keys to its subtraders. Default `false`. */
  fcm?: boolean
  /** The FCM subtraders visible in the credential registry (others answer 409). */
  subtraders?: string[]
  /** `api_key_region_expiration_ts`; absent until the account attests. */
  regionExpiration?: number | null
  /** The `warning` of a key minted for a subtrader (a missing risk control). */
  warning?: string
  /** How far this account's server clock is ahead of the real one, ms (negative: behind). */
  clockOffsetMs?: number
  /** This account's requests break the spec on purpose: not reported as violations. */
  offSpec?: boolean
}

/** A request the spec does not allow, or an answer it does not declare. */
export interface Violation {
  account: string | undefined
  method: string
  url: string
  problems: string[]
  /** The fake server's own answer broke the spec. */
  answer?: boolean
}

/** An account as the server holds it. */
export interface Account {
  id: string
  usageLevel: UsageLevel
  fcm: boolean
  subtraders: string[]
  regionExpiration: number | null | undefined
  warning: string | undefined
  offSpec: boolean
  keys: Map<string, ApiKeyRecord>
  traffic: TrafficEntry[]
  faults: Fault[]
  /**
   * How far this account's server clock is ahead of the real one (negative: behind). Timestamps
   * are checked against it and the `Date` header shows it.
   */
  clockOffsetMs: number
}

/** A key made by the server, with its private half for the caller. Throwaway test keys only. */
export interface NewKey {
  keyId: string
  keyType: FakeKeyType
  /** PKCS#8 PEM. */
  privateKeyPem: string
  /** PKCS#1 PEM, as Kalshi hands out RSA keys (RSA only). */
  privateKeyPkcs1Pem?: string
  /** SPKI PEM. */
  publicKeyPem: string
}

/** The fields of a key's registration. */
export interface KeyFields {
  name: string
  scopes: string[]
  subaccount?: number
  fcm_subtrader_id?: string
}

/** An account's settings as the control API shows them. */
export type SettingsView = Required<Omit<AccountSettings, 'regionExpiration' | 'warning'>> & {
  id: string
  regionExpiration: number | null | undefined
  warning: string | undefined
}

export class Registry {
  accounts = new Map<string, Account>()
  /** Key id → owner. */
  owners = new Map<string, Account>()
  /** Requests and answers the spec does not allow, from every account not marked `offSpec`. */
  violations: Violation[] = []

  /**
   * Opens an account with one admin key (`read` + `write`).
   */
  async createAccount(
    options: AccountSettings & { keyType?: FakeKeyType } = {},
  ): Promise<NewKey & { accountId: string }> {
    const account: Account = {
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
   */
  configure(account: Account, settings: AccountSettings): void {
    const { usageLevel, fcm, subtraders, regionExpiration, warning, clockOffsetMs, offSpec } =
      settings
    if (usageLevel) account.usageLevel = usageLevel
    if (typeof fcm === 'boolean') account.fcm = fcm
    if (Array.isArray(subtraders)) account.subtraders = subtraders
    if (regionExpiration !== undefined) account.regionExpiration = regionExpiration
    if (typeof warning === 'string') account.warning = warning
    if (typeof clockOffsetMs === 'number' && Number.isInteger(clockOffsetMs))
      account.clockOffsetMs = clockOffsetMs
    if (typeof offSpec === 'boolean') account.offSpec = offSpec
  }

  /** An account's settings, as plain data. */
  settingsOf(account: Account): SettingsView {
    const { id, usageLevel, fcm, subtraders, regionExpiration, warning, clockOffsetMs, offSpec } =
      account
    return { id, usageLevel, fcm, subtraders, regionExpiration, warning, clockOffsetMs, offSpec }
  }

  /**
   * Notes a request or answer the spec does not allow, unless its account breaks the spec on purpose.
   */
  recordViolation(violation: Violation): void {
    if (!this.accounts.get(violation.account ?? '')?.offSpec) this.violations.push(violation)
  }

  /**
   * Makes a key pair and registers its public key, as `POST /api_keys/generate` does.
   * `keyType` defaults to `rsa`.
   */
  async makeKey(
    account: Account,
    fields: KeyFields,
    keyType: FakeKeyType = 'rsa',
  ): Promise<NewKey> {
    const pair = await generateKeyPairPem(keyType)
    const record = this.register(account, { ...fields, publicKeyPem: pair.publicKeyPem })
    return { keyId: record.api_key_id, ...pair }
  }

  /**
   * Registers a public key for an account.
   */
  register(
    account: Account,
    { publicKeyPem, ...fields }: KeyFields & { publicKeyPem: string },
  ): ApiKeyRecord {
    const record: ApiKeyRecord = {
      api_key_id: randomUUID(),
      ...fields,
      publicKeyPem,
      publicKey: createPublicKey(publicKeyPem),
    }
    account.keys.set(record.api_key_id, record)
    this.owners.set(record.api_key_id, account)
    return record
  }

  /** Removes a key; whether it existed. */
  remove(account: Account, keyId: string): boolean {
    this.owners.delete(keyId)
    return account.keys.delete(keyId)
  }

  /**
   * Takes the first fault that matches a request, counting it down.
   */
  takeFault(account: Account, method: string, path: string): Fault | undefined {
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
 * A key pair made with node:crypto, RSA-2048 or Ed25519 (default RSA), as PEM in every form the
 * tests need.
 *
 * @example
 * const { publicKeyPem, privateKeyPem } = await generateKeyPairPem('ed25519')
 */
export async function generateKeyPairPem(
  keyType: FakeKeyType = 'rsa',
): Promise<Omit<NewKey, 'keyId'>> {
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

/** An API key as the API lists it: no key material. */
export interface PublicKeyView {
  api_key_id: string
  name: string
  scopes: string[]
  subaccount?: number
  fcm_subtrader_id?: string
}

/**
 * An API key as the API lists it: no key material.
 *
 * @example
 * publicView(record) // { api_key_id, name, scopes }
 */
export function publicView({
  api_key_id,
  name,
  scopes,
  subaccount,
  fcm_subtrader_id,
}: ApiKeyRecord): PublicKeyView {
  return {
    api_key_id,
    name,
    scopes,
    ...(subaccount !== undefined && { subaccount }),
    ...(fcm_subtrader_id && { fcm_subtrader_id }),
  }
}
