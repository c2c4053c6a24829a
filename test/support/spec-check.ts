// Every test, in every project: what it sent to the fake server, and what it got back, must be
// what Kalshi's OpenAPI allows. A test that means to break the spec opens its account with
// `offSpec: true`.
import { afterEach } from 'vitest'
import { assertTrafficTrueToSpec } from './fake.js'

afterEach(assertTrafficTrueToSpec)
