/**
 * `kalshi-webcrypto/testing`: a fake Kalshi Trade API for your app's own tests, in Node. It
 * verifies every signature with node:crypto, holds requests and answers to Kalshi's OpenAPI, and
 * lets a test steer its account (usage level, clock skew, extra keys, injected faults) and read
 * the traffic. Not for browsers: start it in a test runner's Node side (`beforeAll`, or a global
 * setup that hands `controlUrl` to browser tests, which then steer it over HTTP).
 *
 * Also a command: `npx kalshi-webcrypto-fake [--port 8787] [--json]` runs one until Ctrl-C and
 * prints a throwaway admin key.
 *
 * What it does:
 *
 * - `GET /api_keys` (with `fcm_subtrader_id`), `POST /api_keys`, `POST /api_keys/generate`,
 *   `DELETE /api_keys/{id}` under `/trade-api/v2`, with keys per account in memory; a minimal
 *   `GET /portfolio/balance` and `POST /portfolio/orders`; the WebSocket handshake at
 *   `/trade-api/ws/v2` (signed like a REST call), which echoes every message.
 * - Checks every request's `KALSHI-ACCESS-*` headers: the key id, the timestamp (±10 s by
 *   default, `maxClockSkewMs`, against the account's own clock, which a test may set ahead or
 *   behind: its answers' `Date` header then shows that clock), and the signature (RSA-PSS with
 *   SHA-256 and salt exactly 32 for RSA keys, Ed25519 for Ed25519 keys) over
 *   `timestamp + METHOD + /trade-api/v2/path`, with node:crypto only, never with the SDK's code.
 * - Holds itself to Kalshi's OpenAPI (compiled with Ajv): each request is checked against the
 *   spec's request side (a violation answers 400 where the operation declares it, and is
 *   recorded), each answer against the declared statuses and schemas; `takeViolations` hands out
 *   what an account's traffic broke, unless the account was opened with `offSpec: true`.
 * - Usage levels and FCM binding as the spec says: only `POST /api_keys` needs Premier or Market
 *   Maker (403 `insufficient_usage_level` below); `fcm_subtrader_id` from a non-FCM account is
 *   403, for a subtrader not yet visible 409, and a bound key is refused on every REST endpoint
 *   (401). `api_key_region_expiration_ts` is absent until the account attests.
 * - Answers errors in the API's shape, `{"error": {"code", "message", "details"}}`: 400
 *   `invalid_parameters` (also for a public key registered twice), 401 `missing_parameters` /
 *   `unauthorized` / `header_timestamp_expired`, a bad signature as seen in the wild
 *   (`authentication_error`, `INCORRECT_API_KEY_SIGNATURE`), 403 `insufficient_scope` where the
 *   spec declares a 403 (401 elsewhere), 404 `not_found`; a trailing slash answers 301.
 * - Records every request per account and applies injected faults (`Fault`): a status with any
 *   body, a delay, a dropped connection, no answer, a body that stalls after the headers, a
 *   truncated body, a multi-megabyte body.
 * - Answers CORS preflights and exposes `Date` and `Retry-After`, so browser tests can call it
 *   cross-origin. The HTTP control API under `controlUrl` (a per-run secret path) allows only the
 *   origin that asked, never `*`: a page that guesses the port cannot read the accounts' keys.
 * - `mounts` adds path prefixes that act like a path-rewriting relay: signatures must still
 *   cover `/trade-api/v2/...`.
 *
 * The keys it makes are throwaway test keys: never use them for anything else.
 *
 * @packageDocumentation
 */
export type {
  AddKeyOptions,
  CreateAccountOptions,
  FakeAccount,
  FakeAccountControl,
  FakeKalshiControl,
  FakeKeyView,
} from './control.js'
export type { BudgetLevel, MeterBudget, MeterSetting } from './meter.js'
export { type FakeKalshi, type FakeKalshiOptions, startFakeKalshi } from './server.js'
export type {
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
