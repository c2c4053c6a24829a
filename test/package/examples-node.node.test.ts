// The Node examples, run as a user would (`node examples/node/…`, importing 'kalshi-webcrypto'
// from the built package), against the fake server.
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { FAKE_API_URL, newAccount } from '../support/fake.js'

const run = promisify(execFile)

async function example(script: string, args: string[], env: Record<string, string>) {
  const result = await run('node', [`examples/node/${script}`, ...args], {
    env: { PATH: process.env.PATH ?? '', KALSHI_BASE_URL: FAKE_API_URL, ...env },
  }).catch((error: { stdout: string; stderr: string; code: number }) => error)
  return { stdout: result.stdout, stderr: result.stderr, code: 'code' in result ? result.code : 0 }
}

test('register a local key (PKCS#8 credentials), list with it (PKCS#1 file), delete it', {
  timeout: 30_000,
}, async () => {
  const account = await newAccount()
  const dir = await mkdtemp(join(tmpdir(), 'kalshi-examples-'))
  const adminFile = join(dir, 'admin.pem')
  await writeFile(adminFile, account.privateKeyPem) // PKCS#8
  const admin = { KALSHI_API_KEY_ID: account.keyId, KALSHI_PRIVATE_KEY_PATH: adminFile }

  const keyFile = join(dir, 'bot.pem')
  const registered = await example('register-local-key.mjs', ['bot', keyFile, 'read'], admin)
  expect(registered.stderr).toBe('')
  const newId = registered.stdout.match(/Registered ([0-9a-f-]{36})/)?.[1] ?? ''
  expect(newId).not.toBe('')
  expect((await readFile(keyFile, 'utf8')).startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true)
  expect((await stat(keyFile)).mode & 0o777).toBe(0o600)

  const traffic = await account.traffic()
  expect(JSON.parse(traffic.at(-1)?.body ?? '{}')).toMatchObject({ name: 'bot', scopes: ['read'] })
  expect(traffic.at(-1)?.body).not.toContain('PRIVATE KEY')

  const listed = await example('list-keys.mjs', [], {
    KALSHI_API_KEY_ID: newId,
    KALSHI_PRIVATE_KEY_PATH: keyFile,
  })
  expect(listed.stdout).toContain(`${newId}  bot  [read]`)
  expect(listed.stdout).toContain(`${account.keyId}  admin  [read, write]`)

  const deleted = await example('delete-key.mjs', [newId], {
    KALSHI_API_KEY_ID: account.keyId,
    KALSHI_PRIVATE_KEY: account.privateKeyPkcs1Pem,
  })
  expect(deleted.stdout).toBe(`Deleted ${newId}.\n`)
  expect((await account.keys()).map((key) => key.api_key_id)).toEqual([account.keyId])
})

test('a refused registration leaves no key file behind, and the error is readable', {
  timeout: 30_000,
}, async () => {
  const account = await newAccount({ usageLevel: 'basic' })
  const dir = await mkdtemp(join(tmpdir(), 'kalshi-examples-'))
  const keyFile = join(dir, 'bot.pem')
  const result = await example('register-local-key.mjs', ['bot', keyFile], {
    KALSHI_API_KEY_ID: account.keyId,
    KALSHI_PRIVATE_KEY: account.privateKeyPem,
  })
  expect(result.code).toBe(1)
  expect(result.stderr).toContain('KalshiApiError insufficient_usage_level')
  await expect(stat(keyFile)).rejects.toThrow()
})

test('missing credentials are explained', async () => {
  const result = await example('list-keys.mjs', [], {})
  expect(result.code).toBe(1)
  expect(result.stderr).toContain('Set KALSHI_API_KEY_ID')
})
