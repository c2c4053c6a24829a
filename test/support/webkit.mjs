// @ts-check
// WebKit (Safari's engine) on Linux: WebKitGTK's MiniBrowser, driven through WebKitWebDriver. It has
// no headless mode, so it draws on a virtual X display (Xvfb). Both processes are started when the
// browser is first opened and stopped once it is closed (vitest's provider below, the benchmarks).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { webdriverio } from '@vitest/browser-webdriverio'
import { paths } from './engines.mjs'

/**
 * Capabilities for WebKitWebDriver: MiniBrowser in automation mode. (No `browserName`: the driver
 * accepts only "MiniBrowser" or none; see {@link forWebKitDriver}.)
 */
export const webkitCapabilities = {
  'webkitgtk:browserOptions': { binary: paths.miniBrowser, args: ['--automation'] },
}

/**
 * webdriverio's `transformRequest`: WebKitWebDriver refuses a new session that asks for
 * `browserName: "safari"` (what vitest sends for WebKit) or for `webSocketUrl` (what webdriverio 9
 * sends to try WebDriver BiDi), so both are dropped from the new-session body.
 * @param {RequestInit} request
 * @returns {RequestInit}
 */
export function forWebKitDriver(request) {
  if (typeof request.body !== 'string' || !request.body.includes('"capabilities"')) return request
  const body = JSON.parse(request.body)
  for (const caps of [body.capabilities?.alwaysMatch, ...(body.capabilities?.firstMatch ?? [])]) {
    if (!caps) continue
    delete caps.browserName
    delete caps.webSocketUrl
  }
  if (body.desiredCapabilities) {
    delete body.desiredCapabilities.browserName
    delete body.desiredCapabilities.webSocketUrl
  }
  return { ...request, body: JSON.stringify(body) }
}

async function freePort() {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  server.close()
  await once(server, 'close')
  return port
}

/** @param {import('node:child_process').ChildProcess} child */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await exited
  clearTimeout(timer)
}

/**
 * Starts Xvfb on a free display and WebKitWebDriver on a free port.
 * @returns {Promise<{ port: number, display: string, close: () => Promise<void> }>}
 */
export async function startWebKitDriver() {
  const { xvfb, webkitDriver } = paths
  if (!xvfb || !webkitDriver || !paths.miniBrowser) {
    throw new Error('WebKit needs Xvfb, WebKitWebDriver and MiniBrowser: see README, Testing')
  }
  /** @type {import('node:child_process').ChildProcess[]} */
  const children = []
  const close = async () => {
    process.off('exit', killAll)
    await Promise.all(children.reverse().map(stop))
  }
  // If the run dies without its teardown, the processes go with it.
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL')
  }
  process.on('exit', killAll)
  try {
    // -displayfd: Xvfb picks a free display and writes its number on fd 3 once it is ready.
    const x = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    })
    children.push(x)
    const display = await new Promise((resolve, reject) => {
      let text = ''
      let errors = ''
      x.stderr?.on('data', (chunk) => {
        errors += chunk
      })
      x.stdio[3]?.on('data', (chunk) => {
        text += chunk
        if (text.includes('\n')) resolve(`:${text.trim()}`)
      })
      x.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${errors.slice(-500)}`)))
      x.once('error', reject)
    })
    const port = await freePort()
    const driver = spawn(webkitDriver, [`--port=${port}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, DISPLAY: display },
    })
    children.push(driver)
    let driverErrors = ''
    driver.stderr?.on('data', (chunk) => {
      driverErrors = (driverErrors + chunk).slice(-2000)
    })
    for (let attempt = 0; ; attempt++) {
      if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${driverErrors}`)
      try {
        const status = await fetch(`http://127.0.0.1:${port}/status`)
        if (status.ok) break
      } catch {}
      if (attempt > 100) throw new Error(`WebKitWebDriver did not answer: ${driverErrors}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return { port, display, close }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * vitest's webdriverio provider for WebKitGTK, owning its Xvfb and WebKitWebDriver: they start
 * when vitest opens the browser and stop after vitest has closed its session.
 * @returns {import('vitest/node').BrowserProviderOption}
 */
export function webkitProvider() {
  const base = webdriverio({
    hostname: '127.0.0.1',
    capabilities: /** @type {WebdriverIO.Capabilities} */ (webkitCapabilities),
    transformRequest: forWebKitDriver,
  })
  return {
    ...base,
    providerFactory(project) {
      const provider = /** @type {any} */ (base.providerFactory(project))
      /** @type {ReturnType<typeof startWebKitDriver> | undefined} */
      let driver
      const openBrowser = provider.openBrowser.bind(provider)
      provider.openBrowser = async () => {
        driver ??= startWebKitDriver()
        provider.options = { ...provider.options, port: (await driver).port }
        return openBrowser()
      }
      const close = provider.close.bind(provider)
      provider.close = async () => {
        try {
          await close()
        } finally {
          await driver?.then(
            (running) => running.close(),
            () => {},
          )
        }
      }
      return provider
    },
  }
}
