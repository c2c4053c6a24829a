// @ts-check
// Which engines this machine can run, and how to install the missing ones. `npm test` runs the
// engines found and names the others; with CI=true every engine is required (vitest.config.ts).
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join } from 'node:path'
import { chromium } from 'playwright'
import { chromiumLaunchOptions } from './chromium.mjs'

const require = createRequire(import.meta.url)

/** @param {string} name @returns {string | undefined} the program's path on PATH */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name)
  }
  return undefined
}

/** @param {string | undefined} path */
const exists = (path) => (path && existsSync(path) ? path : undefined)

function playwrightChromium() {
  try {
    return exists(chromium.executablePath())
  } catch {
    return undefined
  }
}

/** WebKitGTK's MiniBrowser: Debian keeps it under the multiarch library folder. */
function miniBrowser() {
  if (process.env.WEBKIT_MINIBROWSER_PATH) return exists(process.env.WEBKIT_MINIBROWSER_PATH)
  try {
    for (const arch of readdirSync('/usr/lib')) {
      const path = join('/usr/lib', arch, 'webkit2gtk-4.1', 'MiniBrowser')
      if (existsSync(path)) return path
    }
  } catch {}
  return undefined
}

/**
 * A binary shipped inside an npm package (deno, bun, workerd), found without running its wrapper.
 * @param {string} pkg @param {string} file
 */
function npmBinary(pkg, file) {
  try {
    return exists(join(dirname(require.resolve(`${pkg}/package.json`)), file))
  } catch {
    return undefined
  }
}

/** Paths of what each engine needs; `undefined` where it is missing. */
export const paths = {
  chromium: exists(chromiumLaunchOptions.executablePath) ?? playwrightChromium(),
  firefox: exists(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'),
  webkitDriver: exists(process.env.WEBKIT_WEBDRIVER_PATH) ?? onPath('WebKitWebDriver'),
  miniBrowser: miniBrowser(),
  xvfb: onPath('Xvfb'),
  deno: npmBinary('deno', 'deno'),
  bun: npmBinary('bun', 'bin/bun.exe'),
  workerd: npmBinary('workerd', 'bin/workerd'),
}

/**
 * @typedef {object} Engine
 * @property {boolean} available
 * @property {string} install How to get it, for the message printed when it is missing.
 */

const apt = (/** @type {string} */ packages) =>
  `sudo apt-get install -y --no-install-recommends ${packages}`

/** @type {Record<'chromium' | 'firefox' | 'webkit' | 'deno' | 'bun' | 'workerd', Engine>} */
export const engines = {
  chromium: {
    available: Boolean(paths.chromium),
    install: `${apt('chromium')} (or set CHROMIUM_PATH, or npx playwright install chromium)`,
  },
  firefox: {
    available: Boolean(paths.firefox),
    install: `${apt('firefox-esr')} (or set FIREFOX_PATH to a Firefox ≥ 128)`,
  },
  webkit: {
    available: Boolean(paths.webkitDriver && paths.miniBrowser && paths.xvfb),
    install: apt('webkit2gtk-driver xvfb xauth'),
  },
  deno: { available: Boolean(paths.deno), install: 'npm ci (the devDependency `deno`)' },
  bun: { available: Boolean(paths.bun), install: 'npm ci (the devDependency `bun`)' },
  workerd: {
    available: Boolean(paths.workerd),
    install: 'npm ci (the devDependency `miniflare`, which brings `workerd`)',
  },
}

/** @returns {string[]} one line per missing engine, with how to install it */
export function missingEngines() {
  return Object.entries(engines)
    .filter(([, engine]) => !engine.available)
    .map(([name, engine]) => `${name}: ${engine.install}`)
}

/** True under CI=true, where every engine is required. */
export const everyEngineRequired = process.env.CI === 'true' || process.env.CI === '1'
