// Random values of the spec's own schemas, for fast-check: what any answer the spec allows may
// hold, extra fields included (OpenAPI objects take additional properties unless they say not).
// Only the schema features the spec uses are known; anything else fails loudly.
import fc from 'fast-check'
import { spec } from '../../src/testing/spec.js'

interface Schema {
  $ref?: string
  type?: 'object' | 'array' | 'string' | 'integer'
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: string[]
  nullable?: boolean
  minimum?: number
  maximum?: number
  format?: string
}

const schemas = spec.components.schemas as Record<string, Schema>

/** Names an object parser must not copy from untrusted JSON. */
export const UNSAFE_KEYS = ['__proto__', 'prototype', 'constructor']

/** An arbitrary of every value the spec's schema `name` allows. */
export function specArbitrary(name: string): fc.Arbitrary<unknown> {
  const schema = schemas[name]
  if (!schema) throw new Error(`No schema ${name} in the spec`)
  return arbitraryOf(schema)
}

function arbitraryOf(schema: Schema): fc.Arbitrary<unknown> {
  const value = nonNullArbitrary(schema)
  return schema.nullable ? fc.oneof(value, fc.constant(null)) : value
}

function nonNullArbitrary(schema: Schema): fc.Arbitrary<unknown> {
  if (schema.$ref) return specArbitrary(schema.$ref.split('/').pop() ?? '')
  if (schema.enum) return fc.constantFrom(...schema.enum)
  switch (schema.type) {
    case 'string':
      return fc.string({ unit: 'binary', maxLength: 40 })
    case 'integer':
      return schema.format === 'int64'
        ? fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constant(Number.MAX_SAFE_INTEGER))
        : fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 })
    case 'array':
      return fc.array(arbitraryOf(schema.items ?? {}), { maxLength: 5 })
    case 'object': {
      const properties = schema.properties ?? {}
      const known = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, inner]) => [key, arbitraryOf(inner)]),
        ),
        { requiredKeys: schema.required ?? [] },
      )
      // A field the API adds after this spec: any JSON, under a name the spec does not use.
      // Not `__proto__`, `prototype` or `constructor`: valibot drops those on purpose (prototype
      // pollution), and test/client/spec.node.test.ts checks that apart.
      const extra = fc.dictionary(
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((key) => !(key in properties) && !UNSAFE_KEYS.includes(key)),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 2 },
      )
      return fc.tuple(known, extra).map(([fields, more]) => ({ ...more, ...fields }))
    }
    default:
      throw new Error(`spec-arbitrary does not know ${JSON.stringify(schema)}`)
  }
}
