// The checks of a key-creation body that the API makes beyond its schema: names, scopes, the
// subaccount and subtrader rules, and that a public key is one (RSA >= 2048 or Ed25519).
import { createPrivateKey, createPublicKey } from 'node:crypto'
import type { FakeKeyType, KeyFields } from './types.js'

const SCOPE = /^(read|write)(::[a-z0-9_]+)*$/
const SUBTRADER = /^\S+_[A-Za-z0-9]{1,16}$/

/** The fields of a create or generate request, as the server takes them. */
export interface KeyRequest extends KeyFields {
  public_key?: string
  key_type?: FakeKeyType
}

/**
 * Checks a create/generate body as the API would, beyond its schema (which `spec.ts` checks).
 * Returns the fields, or a message for a 400.
 */
export function parseKeyRequest(body: string, generate: boolean): KeyRequest | string {
  let input: Record<string, unknown> | null
  try {
    input = JSON.parse(body)
  } catch {
    return 'The body must be JSON'
  }
  if (typeof input !== 'object' || input === null) return 'The body must be a JSON object'
  const {
    name,
    public_key,
    key_type,
    scopes = ['read', 'write'],
    subaccount,
    fcm_subtrader_id,
  } = input
  if (typeof name !== 'string' || !name.trim()) return 'name is required'
  if (
    !Array.isArray(scopes) ||
    !scopes.every((scope): scope is string => typeof scope === 'string' && SCOPE.test(scope))
  ) {
    return 'scopes must be a list of scopes'
  }
  if (scopes.includes('write') && !scopes.includes('read'))
    return 'the write scope requires the read scope'
  if (
    subaccount !== undefined &&
    !(
      typeof subaccount === 'number' &&
      Number.isInteger(subaccount) &&
      subaccount >= 0 &&
      subaccount <= 63
    )
  ) {
    return 'subaccount must be 0-63'
  }
  if (
    fcm_subtrader_id !== undefined &&
    !(typeof fcm_subtrader_id === 'string' && SUBTRADER.test(fcm_subtrader_id))
  ) {
    return 'fcm_subtrader_id is malformed'
  }
  if (subaccount !== undefined && fcm_subtrader_id !== undefined)
    return 'subaccount and fcm_subtrader_id are exclusive'
  const fields: KeyFields = {
    name,
    scopes,
    ...(subaccount !== undefined && { subaccount }),
    ...(fcm_subtrader_id !== undefined && { fcm_subtrader_id }),
  }
  if (generate) {
    if (key_type !== undefined && key_type !== 'rsa' && key_type !== 'ed25519')
      return 'key_type must be rsa or ed25519'
    return { ...fields, ...(key_type !== undefined && { key_type }) }
  }
  if (typeof public_key !== 'string' || !public_key.includes('-----BEGIN PUBLIC KEY-----')) {
    return 'public_key must be an RSA or Ed25519 public key in PEM'
  }
  if (public_key.includes('PRIVATE KEY') || isPrivateKey(public_key))
    return 'public_key must not be a private key'
  try {
    const key = createPublicKey(public_key)
    if (key.asymmetricKeyType === 'ed25519') return { ...fields, public_key }
    if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      return 'public_key must be Ed25519, or RSA of at least 2048 bits'
    }
  } catch {
    return 'public_key is not a valid public key'
  }
  return { ...fields, public_key }
}

function isPrivateKey(pem: string): boolean {
  try {
    createPrivateKey(pem)
    return true
  } catch {
    return false
  }
}

/** `decodeURIComponent`, or `undefined` for a malformed escape. */
export function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
