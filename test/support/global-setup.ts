import type { TestProject } from 'vitest/node'
import { type FakeKalshi, startFakeKalshi } from '../../src/testing/index.js'
import { everyEngineRequired } from './engines.mjs'
import { type InsecureOrigin, startInsecureOrigin } from './insecure-origin.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the fake Kalshi server every test file talks to. */
    fakeKalshiUrl: string
    /**
     * A plain-http origin on this machine's non-loopback address (an insecure context for any
     * browser), serving the built bundles; empty where the machine has no such address.
     */
    insecureOrigin: string
    /** Its control API, with this run's token. */
    fakeKalshiControlUrl: string
  }
}

let fake: FakeKalshi | undefined
let insecure: InsecureOrigin | undefined

// One fake server for the whole run, in Node and the browsers alike; each test opens its own
// account on it, so parallel files never see each other's keys or traffic.
export async function setup(project: TestProject): Promise<void> {
  fake = await startFakeKalshi({ mounts: ['/trade-api/v2', '/relay/kalshi'] })
  project.provide('fakeKalshiUrl', fake.url)
  insecure = await startInsecureOrigin()
  if (!insecure) {
    const say = 'No non-loopback address: the insecure-context test of the browsers cannot run'
    if (everyEngineRequired) throw new Error(`${say} (CI=true requires it)`)
    console.warn(say)
  }
  project.provide('insecureOrigin', insecure?.url ?? '')
  project.provide('fakeKalshiControlUrl', fake.controlUrl)
}

export async function teardown(): Promise<void> {
  await fake?.close()
  await insecure?.close()
}
