#!/usr/bin/env node
// @ts-check
// Lists your API keys:  node examples/node/list-keys.mjs
import { clientFromEnv, main } from './client.mjs'

main(async () => {
  const client = await clientFromEnv()
  const { api_keys } = await client.getApiKeys()
  for (const key of api_keys)
    console.log(`${key.api_key_id}  ${key.name}  [${key.scopes.join(', ')}]`)
})
