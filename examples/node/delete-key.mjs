#!/usr/bin/env node
// @ts-check
// Deletes an API key for good:  node examples/node/delete-key.mjs <api-key-id>
import { clientFromEnv, main } from './client.mjs'

main(async () => {
  const [apiKeyId] = process.argv.slice(2)
  if (!apiKeyId) throw new Error('usage: delete-key.mjs <api-key-id>')
  const client = await clientFromEnv()
  await client.deleteApiKey(apiKeyId)
  console.log(`Deleted ${apiKeyId}.`)
})
