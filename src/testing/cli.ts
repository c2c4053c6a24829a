// `npx kalshi-webcrypto-fake [--port 8787] [--json]`: runs the fake Kalshi server until Ctrl-C and
// prints an account to try it with (--json: one line, for programs).
import { parseArgs } from 'node:util'
import { startFakeKalshi } from './server.js'

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8787' }, json: { type: 'boolean' } },
})
const fake = await startFakeKalshi({ port: Number(values.port) })
const { accountId, keyId, keyType, privateKeyPem, privateKeyPkcs1Pem, publicKeyPem } =
  await fake.createAccount()
if (values.json)
  console.log(
    JSON.stringify({
      apiUrl: fake.apiUrl,
      controlUrl: fake.controlUrl,
      accountId,
      keyId,
      keyType,
      privateKeyPem,
      privateKeyPkcs1Pem,
      publicKeyPem,
    }),
  )
else {
  console.log(`Fake Kalshi API: ${fake.apiUrl}`)
  console.log(`Control API:     ${fake.controlUrl} (its token is this run's own)`)
  console.log(`Admin key id:    ${keyId}`)
  console.log(
    `Admin key (PKCS#1, a throwaway made just now for this server):\n${privateKeyPkcs1Pem}`,
  )
}
const stop = () => void fake.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
