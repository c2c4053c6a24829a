/**
 * `kalshi-webcrypto/testing`: a fake Kalshi Trade API for your app's own tests, in Node. It
 * verifies every signature with node:crypto, holds requests and answers to Kalshi's OpenAPI, and
 * lets a test steer its account (usage level, clock skew, extra keys, injected faults) and read
 * the traffic. Not for browsers: start it in a test runner's Node side (`beforeAll`, or a global
 * setup that hands `controlUrl` to browser tests, which then steer it over HTTP).
 *
 * Also a command: `npx kalshi-webcrypto-fake [--port 8787] [--json]`.
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
} from './registry.js'
export { type FakeKalshi, type FakeKalshiOptions, startFakeKalshi } from './server.js'
