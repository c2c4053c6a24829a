#!/usr/bin/env node
// @ts-check
// Runs the fake Kalshi server until Ctrl-C and prints an account to try it with.
//   node test/fake-kalshi/cli.js [--port 8787] [--json]   (--json: one line, for programs)
import { parseArgs } from 'node:util'
import { startFakeKalshi } from './server.js'

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8787' }, json: { type: 'boolean' } },
})
const fake = await startFakeKalshi({ port: Number(values.port) })
const account = await fake.registry.createAccount()
if (values.json)
  console.log(JSON.stringify({ apiUrl: fake.apiUrl, controlUrl: fake.controlUrl, ...account }))
else {
  console.log(`Fake Kalshi API: ${fake.apiUrl}`)
  console.log(`Control API:     ${fake.controlUrl} (its token is this run's own)`)
  console.log(`Admin key id:    ${account.keyId}`)
  console.log(
    `Admin key (PKCS#1, a throwaway made just now for this server):\n${account.privateKeyPkcs1Pem}`,
  )
}
process.on('SIGINT', () => fake.close().then(() => process.exit(0)))
