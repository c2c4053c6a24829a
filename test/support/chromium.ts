// How tests launch Chromium, shared by vitest's browser mode and the Playwright page tests.
import { existsSync } from 'node:fs'
import type { LaunchOptions } from 'playwright'

// Debian's Chromium where it is installed (Playwright cannot download browsers everywhere);
// otherwise Playwright's own, after `npx playwright install chromium`.
const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

export const chromiumLaunchOptions: LaunchOptions = {
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
