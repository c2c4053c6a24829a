// The tests' view of the fake Kalshi server, over HTTP, so it works the same in Node and Chromium.
import { inject } from 'vitest'
import type { AccountSettings, Fault, TrafficEntry } from '../../src/testing/index.js'

export type { Fault, TrafficEntry }

/** Origin of the fake server. */
export const FAKE_URL: string = inject('fakeKalshiUrl')
/** Its API base URL, as a client's `baseUrl`. */
export const FAKE_API_URL = `${FAKE_URL}/trade-api/v2`
/** The control API, with this run's token in its path. */
const CONTROL_URL: string = inject('fakeKalshiControlUrl')
/** The same API behind a path-rewriting relay prefix. */
export const FAKE_RELAY_URL = `${FAKE_URL}/relay/kalshi`

// The accounts opened by the running test, whose traffic the spec check after it looks at; a
// concurrent test's accounts are checked by that test itself (see `newAccount`).
const opened: string[] = []

/**
 * Fails the test that just ran if any request it sent, or any answer it got from the fake server,
 * broke Kalshi's OpenAPI (test/spec/). Registered for every test by `test/support/spec-check.ts`.
 */
export async function assertTrafficTrueToSpec(accounts = opened.splice(0)): Promise<void> {
  if (accounts.length === 0) return
  const violations = (await control('violations', 'POST', { accounts })) as {
    method: string
    url: string
    problems: string[]
    answer?: boolean
  }[]
  if (violations.length) {
    throw new Error(
      `Off the spec (test/spec/):\n${violations
        .map(
          (v) =>
            `${v.answer ? 'the answer to ' : ''}${v.method} ${v.url}: ${v.problems.join('; ')}`,
        )
        .join('\n')}`,
    )
  }
}

async function control(path: string, method = 'GET', body?: unknown): Promise<unknown> {
  const response = await fetch(`${CONTROL_URL}/${path}`, {
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
  keyType: 'rsa' | 'ed25519'
  /** PKCS#8 PEM. */
  privateKeyPem: string
  /** PKCS#1 PEM, as Kalshi hands out RSA keys (RSA keys only). */
  privateKeyPkcs1Pem: string
  publicKeyPem: string
}

/** An account of its own on the fake server, with an admin key made by node:crypto. */
export interface Account extends NewKey {
  accountId: string
  traffic(): Promise<TrafficEntry[]>
  /** The account's keys as the server holds them, with the type of each registered public key. */
  keys(): Promise<
    { api_key_id: string; name: string; scopes: string[]; keyType: 'rsa' | 'ed25519' }[]
  >
  inject(...faults: Fault[]): Promise<void>
  addKey(fields?: {
    name?: string
    scopes?: string[]
    keyType?: 'rsa' | 'ed25519'
    fcm_subtrader_id?: string
  }): Promise<NewKey>
  /** Changes the account's settings (usage level, FCM membership, attestation, …). */
  configure(settings: AccountSettings): Promise<void>
  setUsageLevel(usageLevel: NonNullable<AccountSettings['usageLevel']>): Promise<void>
  /** Puts this account's server clock `ms` ahead of the real one (behind, if negative). */
  setClockOffset(ms: number): Promise<void>
}

/**
 * Opens an account; `keyType` is its admin key's type (default RSA). A test that runs concurrently
 * with others passes its context, so that its own accounts are checked against the spec when it
 * finishes (the shared `afterEach` cannot tell whose accounts are whose).
 */
export async function newAccount(
  options: AccountSettings & { keyType?: 'rsa' | 'ed25519' } = {},
  test?: { onTestFinished: (hook: () => Promise<void>) => void },
): Promise<Account> {
  const made = (await control('accounts', 'POST', options)) as NewKey & { accountId: string }
  if (options.offSpec) {
    // Not checked: it breaks the spec on purpose.
  } else if (test) test.onTestFinished(() => assertTrafficTrueToSpec([made.accountId]))
  else opened.push(made.accountId)
  const base = `accounts/${made.accountId}`
  return {
    ...made,
    traffic: async () => (await control(`${base}/traffic`)) as TrafficEntry[],
    keys: async () =>
      ((await control(base)) as { keys: Awaited<ReturnType<Account['keys']>> }).keys,
    inject: async (...faults) => void (await control(`${base}/faults`, 'POST', faults)),
    addKey: async (fields = {}) => (await control(`${base}/keys`, 'POST', fields)) as NewKey,
    configure: async (settings) => void (await control(base, 'PATCH', settings)),
    setUsageLevel: async (usageLevel) => void (await control(base, 'PATCH', { usageLevel })),
    setClockOffset: async (clockOffsetMs) => void (await control(base, 'PATCH', { clockOffsetMs })),
  }
}
