import type { TestProject } from 'vitest/node'
import { type FakeKalshi, startFakeKalshi } from '../fake-kalshi/server.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the fake Kalshi server every test file talks to. */
    fakeKalshiUrl: string
    /** Its control API, with this run's token. */
    fakeKalshiControlUrl: string
  }
}

let fake: FakeKalshi | undefined

// One fake server for the whole run, in Node and Chromium alike; each test opens its own account
// on it, so parallel files never see each other's keys or traffic.
export async function setup(project: TestProject): Promise<void> {
  fake = await startFakeKalshi({ mounts: ['/trade-api/v2', '/relay/kalshi'] })
  project.provide('fakeKalshiUrl', fake.url)
  project.provide('fakeKalshiControlUrl', fake.controlUrl)
}

export async function teardown(): Promise<void> {
  await fake?.close()
}
