#!/usr/bin/env node
// @ts-check
// Makes an RSA key pair here, saves its private key, and registers only the public key:
//   node examples/node/register-local-key.mjs <name> <private-key-file> [scope ...]
// The file is written first (mode 0600, never over an existing file), so a registered key is
// never left without its private half; it is removed again if the registration fails.
import { rm, writeFile } from 'node:fs/promises'
import { exportPrivateKeyPem, exportPublicKeyPem, generateKeyPair } from 'kalshi-webcrypto'
import { clientFromEnv, main } from './client.mjs'

main(async () => {
  const [name, file, ...scopes] = process.argv.slice(2)
  if (!name || !file)
    throw new Error('usage: register-local-key.mjs <name> <private-key-file> [scope ...]')
  const client = await clientFromEnv()
  // Extractable, because a Node script keeps its key in a file; in a browser, keep it
  // non-extractable in IndexedDB instead.
  const keyPair = await generateKeyPair({ extractable: true })
  await writeFile(file, await exportPrivateKeyPem(keyPair.privateKey, { format: 'pkcs1' }), {
    mode: 0o600,
    flag: 'wx',
  })
  try {
    const public_key = await exportPublicKeyPem(keyPair)
    const { api_key_id, warning } = await client.createApiKey({
      name,
      public_key,
      ...(scopes.length && { scopes }),
    })
    if (warning) console.warn(`warning: ${warning}`)
    console.log(`Registered ${api_key_id}; its private key is in ${file}.`)
  } catch (error) {
    await rm(file)
    throw error
  }
})
