// @ts-check
// How Firefox is launched, shared by vitest's browser mode, the Playwright page tests and the
// benchmarks: Debian's Firefox ESR over WebDriver BiDi (Playwright's `moz-firefox` channel), as
// Playwright cannot download its own patched Firefox everywhere. Playwright is pinned to 1.64.1 in
// package.json: 1.65 sends `emulation.setMediaFeaturesOverride`, which Firefox ESR 153 refuses.

/** Prefs that let `navigator.storage.persist()` settle without a permission prompt. */
export const storagePromptPrefs = {
  'dom.storageManager.prompt.testing': true,
  'dom.storageManager.prompt.testing.allow': true,
}

/** @type {import('playwright').LaunchOptions} */
export const firefoxLaunchOptions = {
  channel: 'moz-firefox',
  executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
  firefoxUserPrefs: storagePromptPrefs,
}
