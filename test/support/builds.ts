// The shipped files, loaded the way their users load them, so a test can run one contract against
// each: the npm entry (`dist/index.js`, with ky and valibot from node_modules) and the two CDN
// bundles (ESM, and the IIFE that defines a `KalshiWebCrypto` global). `src` is there too: a
// failure in it alone, or in the builds alone, tells whether the code or the build is wrong.
// Works in Node and in every browser: Vite serves and transforms these files in both.
import iifeText from '../../dist/kalshi-webcrypto.min.js?raw'

export type Sdk = typeof import('../../src/index.js')

export interface Build {
  name: string
  load: () => Promise<Sdk>
}

// Not static imports: dist/ exists only after a build, and the type-check runs before it.
const built = (file: string) => () =>
  import(/* @vite-ignore */ `../../dist/${file}`) as Promise<Sdk>

export const builds: readonly Build[] = [
  { name: 'src', load: () => import('../../src/index.js') },
  { name: 'dist/index.js', load: built('index.js') },
  { name: 'kalshi-webcrypto.esm.min.js', load: built('kalshi-webcrypto.esm.min.js') },
  {
    name: 'kalshi-webcrypto.min.js',
    // As a <script> runs it, once: top-level `var KalshiWebCrypto`, kept in the function's scope.
    load: once(async () => new Function(`${iifeText}\nreturn KalshiWebCrypto`)() as Sdk),
  },
]

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => {
    made ??= { value: make() }
    return made.value
  }
}
