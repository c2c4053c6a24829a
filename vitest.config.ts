// Projects: `node`, and the browser suite in every browser engine: `chromium`, `firefox` (Debian's
// Firefox ESR over WebDriver BiDi) and `webkit` (WebKitGTK's MiniBrowser through WebKitWebDriver,
// under Xvfb). Deno, Bun and workerd run from test/engines/runtimes.node.test.ts in the `node` project.
//
// Pins (package.json): vitest and @vitest/* at 4.1.11 exactly, because @vitest/browser-webdriverio
// stops at 4.1.11 and requires the same vitest version; playwright at 1.64.1, because 1.65 cannot
// drive Firefox ESR 153 (it sends `emulation.setMediaFeaturesOverride`, which Firefox refuses).
import { playwright } from '@vitest/browser-playwright'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { chromiumLaunchOptions } from './test/support/chromium.mjs'
import { engines, everyEngineRequired, missingEngines } from './test/support/engines.mjs'
import { firefoxLaunchOptions } from './test/support/firefox.mjs'
import { webkitProvider } from './test/support/webkit.mjs'

const missing = missingEngines()
if (missing.length > 0) {
  const list = missing.map((line) => `  - ${line}`).join('\n')
  if (everyEngineRequired) {
    throw new Error(`CI=true requires every engine; missing here:\n${list}`)
  }
  const say = () =>
    console.warn(`\nEngines not run on this machine, and how to install them:\n${list}\n`)
  say()
  process.once('exit', say)
}

// Not vitest's: the web stacks suite runs on its own (npm run test:stacks), and its node_modules
// holds other packages' test files.
const stacks = 'test/stacks/**'

// The browser suite: every test file but the Node-only ones.
const browserSuite = {
  include: ['test/**/*.test.ts'],
  exclude: ['test/**/*.node.test.ts', stacks],
}

const browserProjects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: 'chromium',
      ...browserSuite,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({ launchOptions: chromiumLaunchOptions }),
        instances: [{ browser: 'chromium' }],
        screenshotFailures: false,
      },
    },
  },
  {
    extends: true,
    test: {
      name: 'firefox',
      ...browserSuite,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({ launchOptions: firefoxLaunchOptions }),
        instances: [{ browser: 'firefox' }],
        screenshotFailures: false,
      },
    },
  },
  {
    extends: true,
    test: {
      name: 'webkit',
      ...browserSuite,
      browser: {
        enabled: true,
        headless: false, // WebKitGTK has no headless mode: it draws on Xvfb's display
        // Starts and stops its own Xvfb and WebKitWebDriver (test/support/webkit.mjs).
        provider: webkitProvider(),
        instances: [{ browser: 'safari' }],
        screenshotFailures: false,
      },
    },
  },
]

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/spec-check.ts'],
    // A 2-core machine running several engines at once makes RSA key generation slow: a ceiling
    // for hangs, not a measure of speed.
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          // Browser-only APIs (IndexedDB): these run in the browsers alone.
          exclude: ['test/**/*.browser.test.ts', stacks],
        },
      },
      ...browserProjects.filter(
        (project) => engines[project.test?.name as keyof typeof engines].available,
      ),
    ],
  },
})
