// @ts-check
// The example flow, shared by the ESM page and the CDN page: each passes in the SDK it loaded.
// It makes a key pair in this page (RSA or Ed25519) and registers only the public key, or, for
// accounts below Premier, has Kalshi generate one and imports it at once; remembers it in this
// browser (IndexedDB, still non-extractable), rotates it, lists keys, deletes one, and shows API
// errors readably. Every request it sends is listed as it left, with a running custody check
// (custody.js).

import { watchWhatLeaves } from './custody.js'

/** @typedef {typeof import('../../src/index.js')} Sdk */

/**
 * @param {Sdk} sdk
 * @param {HTMLElement} root
 */
export async function run(sdk, root) {
  root.replaceChildren(layout())
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (root.querySelector(`#${id}`))
  // First, before anything is sent: from here on every request the page makes is listed.
  const custody = watchWhatLeaves($('sent'), $('custody-check'))
  const config = await (await fetch('/demo-config.json')).json()
  // Same-origin: the relay forwards /trade-api/v2/* to the API, so no CORS is needed.
  const baseUrl = new URL('/trade-api/v2', location.href).href

  /** @type {import('../../src/index.js').KalshiClient | undefined} */
  let admin
  /** @type {import('../../src/index.js').Credentials | undefined} */
  let mine
  /** Where the current key was made, so a rotation makes the next one the same way. */
  let origin = /** @type {'device' | 'server'} */ ('device')
  const keyType = () =>
    /** @type {import('../../src/index.js').KeyType} */ (
      /** @type {HTMLSelectElement} */ ($('key-type')).value
    )
  // The key made on this device, kept across reloads: the CryptoKey itself, never its bytes.
  const store = sdk.createKeyStore({ name: 'kalshi-webcrypto-example' })
  const LABEL = 'this-device'

  function show(/** @type {string} */ id, /** @type {string} */ text) {
    $(id).textContent = text
  }

  /** Runs an action, showing any error readably instead of throwing it away. */
  function action(/** @type {string} */ id, /** @type {() => Promise<void>} */ body) {
    $(id).addEventListener('click', async () => {
      show('error', '')
      // Only the action buttons (they have ids); row buttons keep their own state.
      const buttons = /** @type {NodeListOf<HTMLButtonElement>} */ (
        root.querySelectorAll('button[id]')
      )
      for (const button of buttons) button.disabled = true
      try {
        await body()
      } catch (error) {
        show('error', describe(error))
      } finally {
        refreshButtons()
      }
    })
  }

  function describe(/** @type {unknown} */ error) {
    if (sdk.isKalshiError(error)) {
      const status = error instanceof sdk.KalshiApiError ? `HTTP ${error.status}, ` : ''
      return `${error.name} (${status}code ${error.code}): ${error.message}`
    }
    return String(error)
  }

  function refreshButtons() {
    for (const id of ['create', 'generate', 'list', 'missing']) enable(id, admin !== undefined)
    for (const id of ['use-new', 'remember', 'rotate']) enable(id, mine !== undefined)
    enable('forget', true)
    enable('sign-in-button', true)
  }

  function enable(/** @type {string} */ id, /** @type {boolean} */ on) {
    const button = /** @type {HTMLButtonElement} */ ($(id))
    button.disabled = !on
  }

  async function signIn(/** @type {string} */ keyId, /** @type {string} */ pem) {
    // The PEM is imported once into a non-extractable CryptoKey; the client keeps only that.
    const privateKey = await sdk.importPrivateKey(pem)
    // The one private key this page could read: every request is checked for its bytes.
    custody.checkKey(pem)
    admin = sdk.createClient({ baseUrl, credentials: { keyId, privateKey } })
    show('who', `Signed in with API key ${keyId}.`)
  }

  if (config.mode === 'fake') {
    await signIn(config.keyId, config.privateKeyPem)
    show('mode', 'Talking to the local fake Kalshi server (a demo admin key was made for you).')
    $('sign-in').hidden = true
    // The demo account's usage level, to see what an account below Premier gets. Shown as the
    // server holds it: it outlives a reload, and the other example page shares the account.
    const level = /** @type {HTMLSelectElement} */ ($('level'))
    level.value = config.usageLevel
    show('level-note', `The demo account is ${config.usageLevel}.`)
    level.addEventListener('change', async () => {
      const usageLevel = level.value
      await fetch('/demo-account', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ usageLevel }),
      })
      show('level-note', `The demo account is now ${usageLevel}.`)
    })
  } else {
    $('level-row').hidden = true
    show(
      'mode',
      `Talking to ${config.upstream} through the local relay. Paste an API key to begin.`,
    )
    action('sign-in-button', async () => {
      const pem = /** @type {HTMLTextAreaElement} */ ($('pem'))
      await signIn(/** @type {HTMLInputElement} */ ($('key-id')).value.trim(), pem.value)
      pem.value = '' // not kept in the page either
    })
  }

  action('create', async () => {
    if (!admin) return
    const created = await admin.createApiKeyWithDeviceKey({
      name: `browser-${Date.now()}`,
      scopes: ['read', 'write'],
      keyType: keyType(),
    })
    mine = created.credentials
    origin = 'device'
    show(
      'created',
      `Registered ${created.api_key_id} (${created.keyType}). Its private key was made in this page and is non-extractable ` +
        `(extractable: ${created.keyPair.privateKey.extractable}): it never left the page. ` +
        `Only this public key was sent:\n\n${created.publicKeyPem}`,
    )
    show('used', '')
  })

  action('generate', async () => {
    if (!admin) return
    // Open to every usage level: Kalshi makes the pair, the page imports the private key at once
    // into a non-extractable CryptoKey and drops the PEM.
    const generated = await admin.createApiKeyWithServerKey({
      name: `browser-${Date.now()}`,
      scopes: ['read', 'write'],
      keyType: keyType(),
    })
    mine = generated.credentials
    origin = 'server'
    show(
      'created',
      `Generated ${generated.api_key_id} (${generated.keyType}) by Kalshi's server, imported here at once ` +
        `(extractable: ${generated.credentials.privateKey.extractable}); the PEM was not kept. ` +
        `Kalshi's server saw its private key once, when it made it; from now on only this page holds it.`,
    )
    show('used', '')
  })

  action('use-new', async () => {
    if (!mine) return
    const { api_keys } = await sdk.createClient({ baseUrl, credentials: mine }).getApiKeys()
    show(
      'used',
      `The server accepted a request signed by the new key; it sees ${api_keys.length} key(s).`,
    )
  })

  action('remember', async () => {
    if (!mine) return
    await store.save(LABEL, mine)
    // Without it, the browser may evict the store when it runs short of space.
    const persistent = await sdk.requestPersistentStorage()
    show(
      'remembered',
      `Key ${mine.keyId} is saved in this browser (persistent storage ${persistent ? 'granted' : 'not granted'}). Reload the page: it is still here.`,
    )
  })

  action('rotate', async () => {
    if (!mine) return
    const oldKeyId = mine.keyId
    // The old key is kept until the new one is saved: if the page closed in between, the store
    // would otherwise hold a key that no longer exists, and the new one would be lost.
    const rotated = await sdk.rotateApiKey(sdk.createClient({ baseUrl, credentials: mine }), {
      name: `browser-${Date.now()}`,
      scopes: ['read', 'write'],
      keyType: keyType(),
      keyOrigin: origin,
      deleteOld: false,
    })
    mine = rotated.credentials
    const remembered = (await store.load(LABEL))?.keyId === oldKeyId
    if (remembered) await store.save(LABEL, mine)
    await sdk.createClient({ baseUrl, credentials: mine }).deleteApiKey(oldKeyId)
    // The old key is gone: the page now shows, and signs with, the new one only.
    show(
      'created',
      `In use: ${rotated.api_key_id} (${rotated.credentials.privateKey.algorithm.name}), ${
        origin === 'server'
          ? "generated by Kalshi's server and imported here at once (Kalshi's server saw its private key once)"
          : 'made in this page; its private key never left the page'
      } (extractable: ${rotated.credentials.privateKey.extractable}).`,
    )
    show('used', '')
    show(
      'rotated',
      `Rotated: the new key ${rotated.api_key_id} was made ${origin === 'server' ? 'by the server and imported' : 'here'} and verified${remembered ? ' and saved' : ''}, then the old key ${oldKeyId} was deleted.`,
    )
  })

  action('forget', async () => {
    const removed = await store.delete(LABEL)
    show(
      'remembered',
      removed ? 'Forgot the saved key (it is still registered).' : 'No key was saved.',
    )
  })

  action('list', async () => {
    if (!admin) return
    const { api_keys } = await admin.getApiKeys()
    const rows = /** @type {HTMLElement} */ ($('keys'))
    rows.replaceChildren()
    for (const key of api_keys) {
      const row = document.createElement('tr')
      for (const text of [key.api_key_id, key.name, key.scopes.join(' ')]) {
        const cell = document.createElement('td')
        cell.textContent = text
        row.append(cell)
      }
      const remove = document.createElement('button')
      remove.textContent = 'Delete'
      remove.dataset.keyId = key.api_key_id
      remove.disabled = key.api_key_id === admin.keyId // keep the key we sign with
      remove.addEventListener('click', async () => {
        show('error', '')
        try {
          await admin?.deleteApiKey(key.api_key_id)
          if (mine?.keyId === key.api_key_id) {
            // The key in use is gone: nothing may offer it any more.
            mine = undefined
            show('created', 'The key this page was using was deleted.')
            show('used', '')
          }
          row.remove()
          show('listed', `${rows.children.length} key(s).`)
          refreshButtons()
        } catch (error) {
          show('error', describe(error))
        }
      })
      const cell = document.createElement('td')
      cell.append(remove)
      row.append(cell)
      rows.append(row)
    }
    show('listed', `${api_keys.length} key(s).`)
  })

  action('missing', async () => {
    await admin?.deleteApiKey(crypto.randomUUID())
  })

  const saved = await store.load(LABEL)
  if (saved) {
    mine = saved
    show(
      'remembered',
      `Found key ${saved.keyId}, saved in this browser (extractable: ${saved.privateKey.extractable}).`,
    )
  }
  refreshButtons()
  root.dataset.ready = 'true'
}

// Built with the DOM, never from HTML strings: the pages run under a Content Security Policy with
// Trusted Types, where innerHTML is refused; everything the API returns is written as text.

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {...(Node | string)} children
 */
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value)
  element.append(...children)
  return element
}

/** @param {string} id @param {string} text */
const button = (id, text) => el('button', { id, type: 'button' }, text)
/** @param {string} id @param {[string, string][]} options */
const select = (id, options) =>
  el('select', { id }, ...options.map(([value, text]) => el('option', { value }, text)))

function layout() {
  const fragment = document.createDocumentFragment()
  const steps = el(
    'div',
    { class: 'steps' },
    el('p', { id: 'mode', class: 'note' }),
    el(
      'div',
      { id: 'sign-in', class: 'card' },
      el('label', {}, 'API key id ', el('input', { id: 'key-id', autocomplete: 'off' })),
      el('label', {}, 'Private key (PEM) ', el('textarea', { id: 'pem', rows: '4' })),
      button('sign-in-button', 'Sign in'),
    ),
    el('p', { id: 'who', class: 'note' }),
    el(
      'label',
      { id: 'level-row', class: 'card inline' },
      "Demo account's usage level ",
      select('level', [
        ['premier', 'Premier'],
        ['basic', 'Basic'],
      ]),
      el('span', { id: 'level-note', class: 'muted' }),
    ),
    el(
      'section',
      { class: 'card' },
      el('h2', {}, '1. A key for this device'),
      el(
        'label',
        { class: 'inline' },
        'Key type ',
        select('key-type', [
          ['ed25519', 'Ed25519 (made in well under a millisecond)'],
          ['rsa', 'RSA-2048'],
        ]),
      ),
      el(
        'div',
        { class: 'actions' },
        button(
          'create',
          'Make a key pair here and register its public key (Premier, Market Maker)',
        ),
        button('generate', 'Have Kalshi generate one, imported here at once (any usage level)'),
      ),
      el('pre', { id: 'created' }),
      el('div', { class: 'actions' }, button('use-new', 'Call the API with the new key')),
      el('p', { id: 'used', class: 'result' }),
      el(
        'div',
        { class: 'actions' },
        button('remember', 'Remember this device'),
        button('forget', 'Forget it'),
      ),
      el('p', { id: 'remembered', class: 'result' }),
      el('div', { class: 'actions' }, button('rotate', 'Rotate the key')),
      el('p', { id: 'rotated', class: 'result' }),
    ),
    el(
      'section',
      { class: 'card' },
      el('h2', {}, '2. Your API keys'),
      el(
        'div',
        { class: 'actions' },
        button('list', 'List keys'),
        el('span', { id: 'listed', class: 'muted' }),
      ),
      el('table', {}, el('tbody', { id: 'keys' })),
    ),
    el(
      'section',
      { class: 'card' },
      el('h2', {}, '3. Errors, readably'),
      el('div', { class: 'actions' }, button('missing', 'Delete a key that does not exist')),
    ),
    el('p', { id: 'error', role: 'alert' }),
  )
  const panel = el(
    'aside',
    { class: 'card panel', 'aria-labelledby': 'sent-title' },
    el('h2', { id: 'sent-title' }, 'What left this device'),
    el(
      'p',
      { class: 'muted' },
      'Every request this page sent, as it went: method, path, headers (the signature shortened) and body.',
    ),
    el('p', { id: 'custody-check', role: 'status' }),
    el('ol', { id: 'sent' }),
  )
  fragment.append(steps, panel)
  return fragment
}
