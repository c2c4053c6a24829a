// The control API, one implementation with two doors: a typed object on the handle that
// `startFakeKalshi` returns (for tests in the same Node process), and HTTP routes under a secret
// path (for tests in a browser or another runtime), which call the same functions.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readBody, send } from './answers.js'
import { publicView, type Registry } from './registry.js'
import type {
  Account,
  AccountSettings,
  FakeKeyType,
  Fault,
  NewKey,
  PublicKeyView,
  SettingsView,
  TrafficEntry,
  UsageLevel,
  Violation,
} from './types.js'

/** A key as the server holds it, with the type of its public key; no key material. */
export type FakeKeyView = PublicKeyView & { keyType: FakeKeyType }

/** What `addKey` may set on a key the server makes. */
export interface AddKeyOptions {
  /** Default `key`. */
  name?: string
  /** Default `['read', 'write']`. */
  scopes?: string[]
  /** Default `rsa`. */
  keyType?: FakeKeyType
  subaccount?: number
  fcm_subtrader_id?: string
}

/** One account on the fake server, steered from the test that opened it. */
export interface FakeAccountControl {
  accountId: string
  /** The account's settings as the server holds them now. */
  settings(): SettingsView
  /** Changes settings; what is absent stays. Returns the settings after the change. */
  configure(settings: AccountSettings): SettingsView
  /** `basic` and `advanced` may not register their own public keys (403). */
  setUsageLevel(usageLevel: UsageLevel): void
  /** Puts this account's server clock `ms` ahead of the real one (behind, if negative). */
  setClockOffset(ms: number): void
  /** The account's keys, as `GET /api_keys` would list them, with each one's type. */
  keys(): FakeKeyView[]
  /** Makes another key on the server and registers it; its private half is returned. */
  addKey(options?: AddKeyOptions): Promise<NewKey>
  /** Queues faults for the account's next matching requests. */
  inject(...faults: Fault[]): void
  /** Every request the account's keys signed (or tried to), oldest first. */
  traffic(): TrafficEntry[]
  /** Takes (once) what this account's traffic broke of Kalshi's OpenAPI. */
  takeViolations(): Violation[]
}

/** An account just opened: its admin key (throwaway, made by node:crypto) and its controls. */
export type FakeAccount = FakeAccountControl & NewKey

/** What `createAccount` takes: the account's settings and its admin key's type. */
export type CreateAccountOptions = AccountSettings & { keyType?: FakeKeyType }

/** The typed control API of a running fake server. */
export interface FakeKalshiControl {
  /** Opens an account with one admin key (`read` + `write`). */
  createAccount(options?: CreateAccountOptions): Promise<FakeAccount>
  /** The controls of an account opened before (also over HTTP), if it exists. */
  account(accountId: string): FakeAccountControl | undefined
  /** Takes (once) the spec violations of the given accounts, or of all when none are given. */
  takeViolations(accountIds?: readonly string[]): Violation[]
}

/** Builds the typed control API over a server's registry. */
export function controlOf(registry: Registry): FakeKalshiControl {
  const takeViolations = (accountIds?: readonly string[]): Violation[] => {
    const wanted = (v: Violation) => !accountIds || accountIds.includes(v.account ?? '')
    const taken = registry.violations.filter(wanted)
    registry.violations = registry.violations.filter((v) => !taken.includes(v))
    return taken
  }
  const controls = (account: Account): FakeAccountControl => ({
    accountId: account.id,
    settings: () => registry.settingsOf(account),
    configure: (settings) => {
      registry.configure(account, settings)
      return registry.settingsOf(account)
    },
    setUsageLevel: (usageLevel) => registry.configure(account, { usageLevel }),
    setClockOffset: (clockOffsetMs) => registry.configure(account, { clockOffsetMs }),
    keys: () =>
      [...account.keys.values()].map((k) => ({
        ...publicView(k),
        keyType: k.publicKey.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa',
      })),
    addKey: ({ keyType, name = 'key', scopes = ['read', 'write'], ...fields } = {}) =>
      registry.makeKey(account, { ...fields, name, scopes }, keyType),
    inject: (...faults) => void account.faults.push(...faults),
    traffic: () => [...account.traffic],
    takeViolations: () => takeViolations([account.id]),
  })
  return {
    async createAccount(options = {}) {
      const { accountId, ...admin } = await registry.createAccount(options)
      const account = registry.accounts.get(accountId) as Account
      return { ...admin, ...controls(account) }
    },
    account(accountId) {
      const account = registry.accounts.get(accountId)
      return account && controls(account)
    },
    takeViolations,
  }
}

/**
 * Serves one control route over HTTP; `path` is below the secret prefix, e.g. `/accounts/{id}`.
 * The routes are those of the typed API, with JSON bodies.
 */
export async function controlRoute(
  control: FakeKalshiControl,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const parts = path.split('/').slice(1) // ['accounts', id?, what?]
  const body = await readBody(req)
  const input = body ? JSON.parse(body) : {}
  if (parts[0] === 'violations' && req.method === 'POST')
    return send(
      res,
      200,
      control.takeViolations(Array.isArray(input.accounts) ? input.accounts : []),
    )
  if (parts[0] !== 'accounts') return send(res, 404, { error: 'unknown control route' })
  if (parts.length === 1 && req.method === 'POST') {
    const { accountId, keyId, keyType, privateKeyPem, privateKeyPkcs1Pem, publicKeyPem } =
      await control.createAccount(input)
    return send(res, 201, {
      accountId,
      keyId,
      keyType,
      privateKeyPem,
      privateKeyPkcs1Pem,
      publicKeyPem,
    })
  }
  const account = control.account(parts[1] ?? '')
  if (!account) return send(res, 404, { error: 'unknown account' })
  switch (`${req.method} ${parts[2] ?? ''}`) {
    case 'GET ':
      return send(res, 200, { ...account.settings(), keys: account.keys() })
    case 'PATCH ':
      return send(res, 200, account.configure(input))
    case 'GET traffic':
      return send(res, 200, account.traffic())
    case 'POST faults': {
      const faults: Fault[] = Array.isArray(input) ? input : [input]
      account.inject(...faults)
      return send(res, 200, { queued: faults.length })
    }
    case 'POST keys':
      return send(res, 201, await account.addKey(input))
    default:
      return send(res, 404, { error: 'unknown control route' })
  }
}
