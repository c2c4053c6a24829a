// The fake server's state: accounts, each with its API keys, its recorded traffic and its queue
// of injected faults. Accounts keep parallel tests apart: a test makes its own account and sees
// only its own requests.
import { createPublicKey, generateKeyPair, randomUUID } from 'node:crypto'
import { promisify } from 'node:util'

import { createMeter } from './meter.js'
import type {
  Account,
  AccountSettings,
  ApiKeyRecord,
  FakeKeyType,
  Fault,
  KeyFields,
  NewKey,
  PublicKeyView,
  SettingsView,
  Violation,
} from './types.js'

const generate = promisify(generateKeyPair)

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
    // Rate limits (meter.js): a new setting starts with full buckets.
    if (settings.rateLimit !== undefined) account.meter = createMeter(settings.rateLimit)
  }

  /** An account's settings, as plain data. */
  settingsOf(account: Account): SettingsView {
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
