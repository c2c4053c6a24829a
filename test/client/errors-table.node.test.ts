// The README's table of errors is the code's: every code the SDK throws (found in src/), each with
// the class that carries it, and nothing else. The map below is held to `KalshiErrorCode` by the
// compiler (`npm run typecheck`), to src/ and to the README at run time.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, expectTypeOf, test } from 'vitest'
import {
  KalshiApiError,
  KalshiCredentialsError,
  type KalshiErrorCode,
  KalshiGeneratedKeyError,
  KalshiKeyError,
  KalshiNetworkError,
  KalshiRateLimitError,
  KalshiRotationError,
  KalshiRotationIncompleteError,
  KalshiRuntimeError,
  KalshiTimeoutError,
  KalshiValidationError,
} from '../../src/index.js'

const CLASS_OF = {
  ERR_NO_RELAY: KalshiApiError,
  ERR_INVALID_REQUEST: KalshiValidationError,
  ERR_INVALID_RESPONSE: KalshiValidationError,
  ERR_KEY_FORMAT: KalshiKeyError,
  ERR_KEY_ENCRYPTED: KalshiKeyError,
  ERR_KEY_UNSUPPORTED: KalshiKeyError,
  ERR_KEY_TOO_SMALL: KalshiKeyError,
  ERR_KEY_NOT_EXTRACTABLE: KalshiKeyError,
  ERR_KEY_EXTRACTABLE: KalshiKeyError,
  ERR_TIMEOUT: KalshiTimeoutError,
  ERR_NETWORK: KalshiNetworkError,
  ERR_NO_CREDENTIALS: KalshiCredentialsError,
  ERR_UNSUPPORTED_RUNTIME: KalshiRuntimeError,
  ERR_KEY_STORE: KalshiRuntimeError,
  ERR_GENERATED_KEY_UNUSABLE: KalshiGeneratedKeyError,
  ERR_ROTATION_FAILED: KalshiRotationError,
  ERR_ROTATION_INCOMPLETE: KalshiRotationIncompleteError,
  ERR_RATE_LIMITED: KalshiRateLimitError,
} as const

// Each class's `code` type admits the code it is listed with.
type Checked<M> = {
  [C in keyof M]: M[C] extends abstract new (
    ...args: never
  ) => { readonly code: infer TCode }
    ? C extends TCode
      ? M[C]
      : never
    : never
}

test('the map names every KalshiErrorCode, each with a class whose code admits it', () => {
  expectTypeOf<keyof typeof CLASS_OF>().toEqualTypeOf<KalshiErrorCode>()
  expectTypeOf(CLASS_OF).toEqualTypeOf<Checked<typeof CLASS_OF>>()
})

/** The `name` an instance of the class reports (its prototype's getter), as the README shows it. */
const nameOf = (cls: abstract new (...args: never) => Error) =>
  Object.getOwnPropertyDescriptor(cls.prototype, 'name')?.get?.call(undefined) as string

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  )
  return nested.flat().filter((file) => file.endsWith('.ts'))
}

test('every ERR_ code in src/ is in the map, and every code in the map is in src/', async () => {
  const src = new URL('../../src', import.meta.url).pathname
  const found = new Set<string>()
  for (const file of await sourceFiles(src))
    for (const [code] of (await readFile(file, 'utf8')).matchAll(/\bERR_[A-Z0-9_]+\b/g))
      found.add(code)
  expect([...found].sort()).toEqual(Object.keys(CLASS_OF).sort())
})

test("the README's table lists each code once, with its class, and no other code", async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### Errors'))
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| class')))
  const listed: [string, string][] = []
  for (const row of table.split('\n').filter((line) => line.startsWith('| `Kalshi'))) {
    const [, classCell = '', codeCell = ''] = row.split('|').map((cell) => cell.trim())
    for (const [, code] of codeCell.matchAll(/`(ERR_[A-Z0-9_]+)`/g))
      listed.push([code as string, classCell.replaceAll('`', '')])
  }
  const expected = Object.entries(CLASS_OF).map(([code, cls]) => [code, nameOf(cls)])
  expect(listed.sort()).toEqual(expected.sort())
  // The row for the API's own codes names the class that carries them.
  expect(table).toMatch(/\| `KalshiApiError` +\| the API's code/)
})
