// The README tells the truth: its SRI hashes are those of the built files, and its Node quick
// start runs as pasted (pointed at the fake server instead of Kalshi's demo environment).
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { FAKE_API_URL, newAccount } from './support/fake.js'

const readme = await readFile('README.md', 'utf8')

/** The first fenced code block after a `<!-- marker -->` line. */
function blockAfter(marker: string): string {
  const start = readme.indexOf(`<!-- ${marker} -->`)
  expect(start, `README marker ${marker}`).toBeGreaterThan(-1)
  const match = /```\w*\n([\s\S]*?)```/.exec(readme.slice(start))
  return match?.[1] ?? ''
}

test.each([
  'kalshi-webcrypto.min.js',
  'kalshi-webcrypto.esm.min.js',
  'kalshi-webcrypto-keys.min.js',
  'kalshi-webcrypto-keys.esm.min.js',
])('the SRI hash of %s is current', async (file) => {
  const hash = `sha384-${createHash('sha384')
    .update(await readFile(`dist/${file}`))
    .digest('base64')}`
  expect(blockAfter(`sri:${file}`)).toContain(hash)
})

test('the Node quick start runs as pasted', async () => {
  const account = await newAccount()
  const dir = await mkdtemp(join(tmpdir(), 'kalshi-readme-'))
  const keyFile = join(dir, 'key.pem')
  await writeFile(keyFile, account.privateKeyPkcs1Pem)
  const code = blockAfter('verified:node-quick-start')
  expect(code).toContain("environment: 'demo',")
  const { stdout } = await promisify(execFile)(
    'node',
    [
      '--input-type=module',
      '-e',
      code.replace("environment: 'demo',", `baseUrl: '${FAKE_API_URL}',`),
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        KALSHI_API_KEY_ID: account.keyId,
        KALSHI_PRIVATE_KEY_PATH: keyFile,
      },
    },
  )
  expect(stdout).toBe(`${account.keyId} admin read write\n`)
})
