// The fake server's data: accounts, keys, traffic, faults, violations, as its control API
// shows them.
import type { KeyObject } from 'node:crypto'
import type { Meter, MeterBudget, MeterSetting } from './meter.js'

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
  /**
   * Meters its requests: a usage level's budget by name, or `{ read, write, readBurst?,
   * writeBurst?, cost? }` tokens per second; `null` turns it off. Off by default.
   */
  rateLimit?: MeterSetting
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
  /** Its rate limits, when it asked for them. */
  meter?: Meter | undefined
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
export type SettingsView = Required<
  Omit<AccountSettings, 'regionExpiration' | 'warning' | 'rateLimit'>
> & {
  /** The budget it is metered at, every default filled in, or `null` when it is not metered. */
  rateLimit: Required<MeterBudget> | null
  id: string
  regionExpiration: number | null | undefined
  warning: string | undefined
}

/** An API key as the API lists it: no key material. */
export interface PublicKeyView {
  api_key_id: string
  name: string
  scopes: string[]
  subaccount?: number
  fcm_subtrader_id?: string
}
