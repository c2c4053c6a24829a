// Kalshi's OpenAPI for the API Keys operations (a JSON copy of test/spec/'s YAML, which
// test/spec.node.test.ts holds equal to it), compiled with Ajv: what a request to each operation may be, and what each answer
// may be. The fake server checks its traffic against it; the tests use it to check the SDK's.
// Nothing here imports the SDK.
import { Ajv, type ValidateFunction } from 'ajv'
import published from './kalshi-api-keys.openapi.json' with { type: 'json' }

interface SpecOperation {
  parameters?: { in: string; name: string }[]
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> }
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>
  security?: unknown[]
}

/** The spec as published (parsed). */
export const spec = published

const view = published as unknown as {
  servers: { url: string }[]
  paths: Record<string, Record<string, SpecOperation>>
  components: { schemas: Record<string, unknown> }
  info: { version: string }
}

/** The API prefix of every path: the path of the spec's servers. */
export const API_PREFIX: string = new URL(view.servers[0]?.url ?? '/trade-api/v2', 'http://x')
  .pathname

// OpenAPI 3.0 schemas are JSON Schema with `nullable` (Ajv knows it) plus annotations of its own.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false })
ajv.addVocabulary(['x-enum-varnames', 'components'])
ajv.addFormat('int64', { type: 'number', validate: Number.isInteger })
ajv.addSchema({ $id: 'spec', components: view.components })

/**
 * The compiled validator of one of the spec's component schemas.
 *
 * @example
 * schemaValidator('GetApiKeysResponse')({ api_keys: [] }) // true
 */
export function schemaValidator(name: string): ValidateFunction {
  const validate = ajv.getSchema(`spec#/components/schemas/${name}`)
  if (!validate) throw new Error(`No schema ${name} in the spec`)
  return validate
}

export interface Operation {
  /** Upper case. */
  method: string
  /** The spec's path, e.g. `/api_keys/{api_key}`. */
  template: string
  /** Matches a path below the prefix, one segment per parameter. */
  pattern: RegExp
  /** The names of the query parameters. */
  query: string[]
  /** The request body's schema. */
  body: ValidateFunction | undefined
  /** Declared statuses, each with its JSON schema if any. */
  responses: Map<number, ValidateFunction | undefined>
  /** Whether the KALSHI-ACCESS-* headers are required. */
  secured: boolean
}

const refName = (schema: { $ref?: string } | undefined): string | undefined =>
  schema?.$ref?.split('/').pop()

/** Every operation of the spec. */
export const operations: Operation[] = Object.entries(view.paths).flatMap(([template, methods]) =>
  Object.entries(methods).map(([method, op]): Operation => {
    const json = op.requestBody?.content?.['application/json']?.schema
    return {
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body: json ? schemaValidator(refName(json) ?? '') : undefined,
      responses: new Map(
        Object.entries(op.responses).map(([status, response]) => {
          const schema = response.content?.['application/json']?.schema
          return [Number(status), schema ? schemaValidator(refName(schema) ?? '') : undefined]
        }),
      ),
      secured: (op.security ?? []).length > 0,
    }
  }),
)

/**
 * The operation a request is for, from its method and its path below the API prefix.
 *
 * @example
 * findOperation('DELETE', '/api_keys/abc')?.template // '/api_keys/{api_key}'
 */
export function findOperation(method: string, path: string): Operation | undefined {
  return operations.find((op) => op.method === method && op.pattern.test(path))
}

const problems = (validate: ValidateFunction): string =>
  ajv.errorsText(validate.errors, { dataVar: 'body' })

/**
 * What is wrong with a request, by the spec; `[]` if nothing. `target` is the request line's
 * target (path and query, with the API prefix).
 *
 * @example
 * checkRequest({ method: 'GET', target: '/trade-api/v2/api_keys?x=1', headers: {}, body: '' })
 * // ['unknown query parameter x', 'missing header kalshi-access-key', ...]
 */
export function checkRequest({
  method,
  target,
  headers,
  body,
}: {
  method: string
  target: string
  headers: Record<string, string>
  body: string
}): string[] {
  const url = new URL(target, 'http://spec')
  if (!url.pathname.startsWith(`${API_PREFIX}/`))
    return [`${url.pathname} is not below ${API_PREFIX}`]
  const op = findOperation(method, url.pathname.slice(API_PREFIX.length))
  if (!op) return [`${method} ${url.pathname} is no operation of the spec`]
  const found: string[] = []
  for (const name of url.searchParams.keys())
    if (!op.query.includes(name)) found.push(`unknown query parameter ${name}`)
  if (op.secured) {
    for (const name of ['kalshi-access-key', 'kalshi-access-signature', 'kalshi-access-timestamp'])
      if (!headers[name]) found.push(`missing header ${name}`)
  }
  if (op.body) {
    if (!/^application\/json\b/.test(headers['content-type'] ?? ''))
      found.push('the body is not JSON')
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      return [...found, 'the body is not JSON']
    }
    if (!op.body(json)) found.push(problems(op.body))
  } else if (body !== '') {
    found.push(`${method} ${op.template} takes no body`)
  }
  return found
}

/**
 * What is wrong with an answer to an operation, by the spec; `[]` if nothing.
 *
 * @example
 * checkResponse(op, 418, '') // ['418 is not an answer of GET /api_keys']
 */
export function checkResponse(op: Operation, status: number, body: string): string[] {
  if (!op.responses.has(status))
    return [`${status} is not an answer of ${op.method} ${op.template}`]
  const validate = op.responses.get(status)
  if (!validate) return status === 204 && body !== '' ? ['a 204 has no body'] : []
  try {
    return validate(JSON.parse(body)) ? [] : [problems(validate)]
  } catch {
    return ['the answer is not JSON']
  }
}
