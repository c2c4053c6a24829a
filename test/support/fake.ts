// The tests' view of the fake Kalshi server, over HTTP, so it works the same in Node and Chromium.
import { inject } from 'vitest'
import type { Fault, TrafficEntry, UsageLevel } from '../fake-kalshi/registry.js'

export type { Fault, TrafficEntry }

/** Origin of the fake server. */
export const FAKE_URL: string = inject('fakeKalshiUrl')
/** Its API base URL, as a client's `baseUrl`. */
export const FAKE_API_URL = `${FAKE_URL}/trade-api/v2`
/** The same API behind a path-rewriting relay prefix. */
export const FAKE_RELAY_URL = `${FAKE_URL}/relay/kalshi`

async function control(path: string, method = 'GET', body?: unknown): Promise<unknown> {
  const response = await fetch(`${FAKE_URL}/__control/${path}`, {
    method,
    ...(body !== undefined && {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  })
  if (!response.ok) throw new Error(`fake-kalshi control ${method} ${path}: ${response.status}`)
  return response.json()
}

export interface NewKey {
  keyId: string
  privateKeyPem: string
  privateKeyPkcs1Pem: string
  publicKeyPem: string
}

/** An account of its own on the fake server, with an admin key made by node:crypto. */
export interface Account extends NewKey {
  accountId: string
  traffic(): Promise<TrafficEntry[]>
  keys(): Promise<{ api_key_id: string; name: string; scopes: string[] }[]>
  inject(...faults: Fault[]): Promise<void>
  addKey(fields?: { name?: string; scopes?: string[] }): Promise<NewKey>
  setUsageLevel(usageLevel: UsageLevel): Promise<void>
  /** Puts this account's server clock `ms` ahead of the real one (behind, if negative). */
  setClockOffset(ms: number): Promise<void>
}

export async function newAccount(options: { usageLevel?: UsageLevel } = {}): Promise<Account> {
  const made = (await control('accounts', 'POST', options)) as NewKey & { accountId: string }
  const base = `accounts/${made.accountId}`
  return {
    ...made,
    traffic: async () => (await control(`${base}/traffic`)) as TrafficEntry[],
    keys: async () =>
      ((await control(base)) as { keys: Awaited<ReturnType<Account['keys']>> }).keys,
    inject: async (...faults) => void (await control(`${base}/faults`, 'POST', faults)),
    addKey: async (fields = {}) => (await control(`${base}/keys`, 'POST', fields)) as NewKey,
    setUsageLevel: async (usageLevel) => void (await control(base, 'PATCH', { usageLevel })),
    setClockOffset: async (clockOffsetMs) => void (await control(base, 'PATCH', { clockOffsetMs })),
  }
}
