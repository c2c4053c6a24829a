// @ts-check
// Kalshi's OpenAPI (test/spec/), compiled with Ajv: what a request to each operation may be, and
// what each answer may be. The fake server checks its traffic against it; the tests use it to
// check the SDK's. Nothing here imports the SDK.
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import { parse } from 'yaml'

/** The spec as published (parsed YAML). */
export const spec = parse(
  readFileSync(new URL('../spec/kalshi-api-keys.openapi.yaml', import.meta.url), 'utf8'),
)

/** The API prefix of every path: the path of the spec's servers. */
export const API_PREFIX = new URL(spec.servers[0].url).pathname

// OpenAPI 3.0 schemas are JSON Schema with `nullable` (Ajv knows it) plus annotations of its own.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false })
ajv.addVocabulary(['x-enum-varnames', 'components'])
ajv.addFormat('int64', { type: 'number', validate: Number.isInteger })
ajv.addSchema({ $id: 'spec', components: spec.components })

/** @param {string} name @returns {import('ajv').ValidateFunction} */
export function schemaValidator(name) {
  const validate = ajv.getSchema(`spec#/components/schemas/${name}`)
  if (!validate) throw new Error(`No schema ${name} in the spec`)
  return validate
}

/**
 * @typedef {object} Operation
 * @property {string} method Upper case.
 * @property {string} template The spec's path, e.g. `/api_keys/{api_key}`.
 * @property {RegExp} pattern Matches a path below the prefix, one segment per parameter.
 * @property {string[]} query The names of the query parameters.
 * @property {import('ajv').ValidateFunction | undefined} body The request body's schema.
 * @property {Map<number, import('ajv').ValidateFunction | undefined>} responses Declared statuses, each with its JSON schema if any.
 * @property {boolean} secured Whether the KALSHI-ACCESS-* headers are required.
 */

/** @param {{ $ref?: string } | undefined} schema */
const refName = (schema) => schema?.$ref?.split('/').pop()

/** Every operation of the spec. @type {Operation[]} */
export const operations = Object.entries(spec.paths).flatMap(([template, methods]) =>
  Object.entries(/** @type {Record<string, any>} */ (methods)).map(([method, op]) => {
    const json = op.requestBody?.content?.['application/json']?.schema
    return {
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      query: (op.parameters ?? [])
        .filter((/** @type {any} */ p) => p.in === 'query')
        .map((/** @type {any} */ p) => p.name),
      body: json ? schemaValidator(/** @type {string} */ (refName(json))) : undefined,
      responses: new Map(
        Object.entries(op.responses).map(([status, response]) => {
          const schema = /** @type {any} */ (response).content?.['application/json']?.schema
          return [
            Number(status),
            schema ? schemaValidator(/** @type {string} */ (refName(schema))) : undefined,
          ]
        }),
      ),
      secured: (op.security ?? []).length > 0,
    }
  }),
)

/**
 * The operation a request is for, from its method and its path below the API prefix.
 * @param {string} method @param {string} path e.g. `/api_keys/abc`
 */
export function findOperation(method, path) {
  return operations.find((op) => op.method === method && op.pattern.test(path))
}

/** @param {import('ajv').ValidateFunction} validate */
const problems = (validate) => ajv.errorsText(validate.errors, { dataVar: 'body' })

/**
 * What is wrong with a request, by the spec; `[]` if nothing.
 * @param {{ method: string, target: string, headers: Record<string, string>, body: string }} request
 *   `target` is the request line's target (path and query, with the API prefix).
 * @returns {string[]}
 */
export function checkRequest({ method, target, headers, body }) {
  const url = new URL(target, 'http://spec')
  if (!url.pathname.startsWith(`${API_PREFIX}/`))
    return [`${url.pathname} is not below ${API_PREFIX}`]
  const op = findOperation(method, url.pathname.slice(API_PREFIX.length))
  if (!op) return [`${method} ${url.pathname} is no operation of the spec`]
  const found = []
  for (const name of url.searchParams.keys())
    if (!op.query.includes(name)) found.push(`unknown query parameter ${name}`)
  if (op.secured) {
    for (const name of ['kalshi-access-key', 'kalshi-access-signature', 'kalshi-access-timestamp'])
      if (!headers[name]) found.push(`missing header ${name}`)
  }
  if (op.body) {
    if (!/^application\/json\b/.test(headers['content-type'] ?? ''))
      found.push('the body is not JSON')
    let json
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
 * @param {Operation} op @param {number} status @param {string} body
 * @returns {string[]}
 */
export function checkResponse(op, status, body) {
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
