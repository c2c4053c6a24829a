import { fileURLToPath } from 'node:url'

// The suite's folder, where its node_modules is (the repository above has a lockfile too).
const root = fileURLToPath(new URL('../..', import.meta.url))

export default {
  turbopack: { root },
  outputFileTracingRoot: root,
  // next dev serves its own scripts only to the origins it knows: the page is driven at 127.0.0.1.
  allowedDevOrigins: ['127.0.0.1'],
}
