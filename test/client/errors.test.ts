// Errors are values with stable codes, and nothing rendered from them carries key material.
import { describe, expect, test } from 'vitest'
import {
  createClient,
  exportPrivateKeyPem,
  generateKeyPair,
  isKalshiError,
  KalshiApiError,
  KalshiCredentialsError,
  KalshiError,
  KalshiGeneratedKeyError,
  KalshiKeyError,
  KalshiNetworkError,
  KalshiRotationError,
  KalshiRotationIncompleteError,
  KalshiRuntimeError,
  KalshiTimeoutError,
  KalshiValidationError,
  signRequest,
} from '../../src/index.js'
import { pemBodyLines } from '../support/bytes.js'
import { FAKE_API_URL, newAccount } from '../support/fake.js'

function renderings(error: Error): string {
  return [error.message, String(error), JSON.stringify(error), error.stack ?? ''].join('\n')
}

describe('the error classes', () => {
  const errors = [
    new KalshiError('ERR_NO_CREDENTIALS', 'm'),
    new KalshiKeyError('ERR_KEY_FORMAT', 'm'),
    new KalshiValidationError('ERR_INVALID_REQUEST', 'ctx', []),
    new KalshiApiError({
      status: 404,
      code: 'not_found',
      message: 'm',
      method: 'GET',
      path: '/trade-api/v2/x',
    }),
    new KalshiTimeoutError('m'),
    new KalshiNetworkError('m'),
    new KalshiCredentialsError('m'),
    new KalshiRuntimeError('ERR_KEY_STORE', 'm'),
    new KalshiGeneratedKeyError('m', 'id', { private_key: 'p' }),
    new KalshiRotationError('m', 'unknown', undefined),
    new KalshiRotationIncompleteError('m', {} as never),
  ]

  test.each(errors.map((error) => [error.name, error]))(
    '%s is a KalshiError with a code',
    (name, error) => {
      expect(error).toBeInstanceOf(KalshiError)
      expect(error).toBeInstanceOf(Error)
      expect(isKalshiError(error)).toBe(true)
      expect(error.code).toMatch(/^[A-Za-z_]+$/)
      expect(String(error)).toMatch(new RegExp(`^${name}: `))
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name, code: error.code })
    },
  )

  test('each kind is its own class, and instanceof narrows to its fields', () => {
    const error: unknown = errors.find((each) => each.code === 'ERR_ROTATION_FAILED')
    expect(error).toBeInstanceOf(KalshiRotationError)
    if (!(error instanceof KalshiRotationError)) throw new Error('not narrowed')
    expect(error.newKey).toBe('unknown')
    const kinds = errors.map((each) => each.constructor)
    expect(new Set(kinds).size).toBe(kinds.length)
    // The answer a generated-key error keeps is read through its getter, and shown nowhere else.
    const generated = errors.find((each) => each instanceof KalshiGeneratedKeyError)
    expect(generated?.response).toEqual({ private_key: 'p' })
    expect(Object.keys(generated ?? {})).not.toContain('response')
    expect(JSON.stringify(generated)).not.toContain('private_key')
  })

  test('isKalshiError says no to look-alikes', () => {
    expect(isKalshiError(new Error('x'))).toBe(false)
    expect(isKalshiError(Object.assign(new Error('x'), { code: 'ERR_X' }))).toBe(false)
    expect(isKalshiError({ name: 'KalshiError', code: 'x', message: 'm' })).toBe(false)
  })

  test('the cause is kept', () => {
    const cause = new Error('inner')
    expect(new KalshiNetworkError('outer', { cause }).cause).toBe(cause)
  })
})

describe('no key material in any rendering', () => {
  test('redacts PEM blocks and long base64 in messages and details', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAwJ\n-----END RSA PRIVATE KEY-----'
    // Shaped like a real one: 344 characters of mixed-case base64.
    const signature = `${'Kq3vZ8xW1mPb7Ld0'.repeat(21)}Tz9==`
    const error = new KalshiApiError({
      status: 401,
      code: 'INCORRECT_API_KEY_SIGNATURE',
      message: `bad signature ${signature} for key ${pem}`,
      details: { signature, nested: [pem] },
      method: 'GET',
      path: '/trade-api/v2/api_keys',
    })
    const text = [renderings(error), JSON.stringify(error.details)].join('\n')
    expect(text).not.toContain('MIIEowIBAAKCAQEAwJ')
    expect(text).not.toContain(signature.slice(0, 32))
    expect(text).toContain('bad signature [redacted] for key [redacted PEM]')
  })

  test('base64 wrapped at any width is redacted; ids and paths are not', () => {
    const wrapped =
      'MIIEowIBAAKCAQEAwJ7kT2o9fP3qLx8sZ1vR4uN6mB0cD5eF7gH9iJ2kL4mN\nO6pQ8rS0tU2vW4xY6zA8bC0dE2fG4hI6jK8lM0nO2pQ4rS6tU8vW0xY2zA4b'
    const path =
      '/trade-api/v2/api_keys/a952bcbe-ec3b-4b5b-b8f9-11dae589608c/and-some-more-segments'
    const error = new KalshiError('ERR_X', `key ${wrapped} at ${path}`)
    expect(error.message).toBe(`key [redacted] at ${path}`)
  })

  test('a server that echoes the signature and key gets them redacted', async () => {
    const account = await newAccount()
    const client = createClient({
      baseUrl: FAKE_API_URL,
      credentials: { keyId: account.keyId, privateKey: account.privateKeyPem },
    })
    const headers = await signRequest(
      { keyId: account.keyId, privateKey: (await generateKeyPair()).privateKey },
      { method: 'GET', path: '/trade-api/v2/api_keys' },
    )
    const signature = headers['KALSHI-ACCESS-SIGNATURE']
    await account.inject({
      status: 401,
      body: {
        error: {
          code: 'INCORRECT_API_KEY_SIGNATURE',
          message: `got ${signature}`,
          details: account.privateKeyPem,
        },
      },
    })
    const error = (await client.getApiKeys().catch((e: unknown) => e)) as KalshiApiError
    expect(error.code).toBe('INCORRECT_API_KEY_SIGNATURE')
    const text = [renderings(error), JSON.stringify(error.details)].join('\n')
    expect(text).not.toContain(signature)
    expect(text).not.toContain(signature.slice(0, 64))
    for (const line of pemBodyLines(account.privateKeyPem)) expect(text).not.toContain(line)
  })

  test('export errors name the problem, not the key', async () => {
    const { privateKey } = await generateKeyPair()
    const error = (await exportPrivateKeyPem(privateKey).catch((e: unknown) => e)) as KalshiKeyError
    expect(error).toMatchObject({ name: 'KalshiKeyError', code: 'ERR_KEY_NOT_EXTRACTABLE' })
  })
})
