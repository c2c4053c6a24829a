// @ts-check
// How Chromium is launched, shared by vitest's browser mode, the Playwright page tests and the
// benchmarks.
import { existsSync } from 'node:fs'

// Debian's Chromium where it is installed (Playwright cannot download browsers everywhere);
// otherwise Playwright's own, after `npx playwright install chromium`.
const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

/** @type {import('playwright').LaunchOptions} */
export const chromiumLaunchOptions = {
  ...(executablePath && { executablePath }),
  // Quiet and offline: no background traffic to Google's hosts, which a closed network refuses.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}
