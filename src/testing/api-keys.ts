// The four API Keys operations, answered from an account's keys as Kalshi does: the usage level
// and FCM rules of the spec, `generate` minting a key pair, a public key registered once.
import { apiError } from './answers.js'
import { parseKeyRequest, safeDecode } from './key-request.js'
import { generateKeyPairPem, publicView, type Registry } from './registry.js'
import { API_PREFIX, type Operation } from './spec.js'
import type { Account } from './types.js'

/** One authenticated, in-scope request to an API Keys operation. */
export interface ApiKeysRequest {
  registry: Registry
  account: Account
  op: Operation
  method: string
  /** The canonical path, with the API prefix. */
  path: string
  /** The query string, without its `?`. */
  query: string | undefined
  body: string
}

/** The answer to an API Keys operation: a status the spec declares for it, and its body. */
export async function answerApiKeys({
  registry,
  account,
  op,
  method,
  path,
  query,
  body,
}: ApiKeysRequest): Promise<[status: number, answer?: unknown]> {
  switch (`${method} ${op.template}`) {
    case 'GET /api_keys': {
      const subtrader = new URLSearchParams(query).get('fcm_subtrader_id')
      const keys = [...account.keys.values()].filter(
        (k) => !subtrader || k.fcm_subtrader_id === subtrader,
      )
      return [
        200,
        {
          api_keys: keys.map(publicView),
          ...(account.regionExpiration !== undefined && {
            api_key_region_expiration_ts: account.regionExpiration,
          }),
        },
      ]
    }
    case 'POST /api_keys':
    case 'POST /api_keys/generate': {
      const generate = op.template.endsWith('/generate')
      const fields = parseKeyRequest(body, generate)
      if (typeof fields === 'string') return [400, apiError('invalid_parameters', fields)]
      if (fields.fcm_subtrader_id !== undefined) {
        if (!account.fcm)
          return [403, apiError('forbidden', 'fcm_subtrader_id requires an FCM member caller')]
        if (!account.subtraders.includes(fields.fcm_subtrader_id)) {
          return [
            409,
            apiError('conflict', 'The subtrader is not yet visible in the credential registry'),
          ]
        }
      } else if (
        !generate &&
        (account.usageLevel === 'basic' || account.usageLevel === 'advanced')
      ) {
        // Registering your own public key is for the Premier and Market Maker levels only.
        return [
          403,
          apiError('insufficient_usage_level', 'Requires the Premier or Market Maker usage level'),
        ]
      }
      const { public_key, key_type, ...rest } = fields
      if (generate) {
        const type = key_type ?? 'rsa'
        const made = await generateKeyPairPem(type)
        const record = registry.register(account, { ...rest, publicKeyPem: made.publicKeyPem })
        return [
          201,
          {
            api_key_id: record.api_key_id,
            key_type: type,
            // As the API hands them out: PKCS#1 for RSA, PKCS#8 for Ed25519.
            private_key: made.privateKeyPkcs1Pem ?? made.privateKeyPem,
            ...(rest.fcm_subtrader_id && account.warning && { warning: account.warning }),
          },
        ]
      }
      const publicKeyPem = public_key as string
      if ([...account.keys.values()].some((k) => k.publicKeyPem.trim() === publicKeyPem.trim()))
        return [400, apiError('invalid_parameters', 'This public key is already registered')]
      const record = registry.register(account, { ...rest, publicKeyPem })
      return [
        201,
        {
          api_key_id: record.api_key_id,
          ...(rest.fcm_subtrader_id && account.warning && { warning: account.warning }),
        },
      ]
    }
    default: {
      const id = safeDecode(path.slice(`${API_PREFIX}/api_keys/`.length))
      if (id === undefined) return [400, apiError('invalid_parameters', 'Bad api_key')]
      if (!registry.remove(account, id)) return [404, apiError('not_found', 'API key not found')]
      return [204]
    }
  }
}
