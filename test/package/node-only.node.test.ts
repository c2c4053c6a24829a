// The package's shipped types compile in a Node-only project (no DOM library), with @types/node
// 20 and 24, strict and skipLibCheck false, and catch a misspelt field there too. Needs dist/
// (npm test builds first).
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { checkNodeOnly, TYPES_NODE } from '../node-only/check.mjs'

const versions = Object.keys(TYPES_NODE) as ('20' | '24')[]

test.each(versions)(
  'dist/*.d.ts compile in a Node-only project with @types/node %s',
  async (version) => {
    expect(await checkNodeOnly(version)).toBe('')
  },
  60_000,
)

test('the check can fail: a misspelt option in that project is an error', async () => {
  const consumer = await readFile(new URL('../node-only/consumer.ts', import.meta.url), 'utf8')
  const broken = join(tmpdir(), `kalshi-node-only-broken-${process.pid}.ts`)
  await writeFile(broken, consumer.replace('// @ts-expect-error keyType, not keytype\n', ''))
  const errors = await checkNodeOnly('24', broken)
  expect(errors).toMatch(/consumer\.ts\(\d+,\d+\): error TS\d+: .*'keytype' does not exist/)
}, 60_000)
