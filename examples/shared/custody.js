// @ts-check
// "What left this device": every request the page sends with fetch, as it went (method, path,
// headers with the signature shortened, body), and a running custody check that none of them
// carries a byte of a private key this page was ever able to read. Keys made here are
// non-extractable, so no script (this one included) can read their bytes, let alone send them;
// what a script can read is a PEM handed to the page (the demo's admin key, or one pasted in), so
// those are the keys checked, in every encoding a key travels in: base64 at each alignment,
// base64url, hex, percent-encoded or not.

// Characters per match: 12 bytes as base64, 8 as hex. Far below any key, far above chance: a
// signature or an id matches a 16-character window of a key about once in 2^90 tries.
const WINDOW = 16
// The first bytes of a key's DER are its structure (lengths, version, algorithm identifier), the
// same in every key of its kind and partly in its public key, which may be sent: not a secret.
const HEADER_BYTES = 33

/**
 * Watches `fetch` from now on and renders what it sends into `list`, the check into `check`.
 * @param {HTMLElement} list an `<ol>`
 * @param {HTMLElement} check
 */
export function watchWhatLeaves(list, check) {
  /** @type {{ label: string, text: string }[]} */
  const sent = []
  /** @type {Set<string>} */
  const needles = new Set()
  let keys = 0
  /** @type {string | undefined} */
  let breach

  const render = () => {
    check.dataset.state = breach ? 'breach' : 'clean'
    check.textContent = breach
      ? `Custody check failed: ${breach} carried bytes of a private key.`
      : `Custody check: ${sent.length} requests, no byte of the ${keys} private key(s) this page could read among them; the keys made here are non-extractable, so no script can read theirs.`
  }

  const scan = (/** @type {{ label: string, text: string }} */ entry) => {
    if (!breach && carries(entry.text, needles)) breach = entry.label
  }

  const original = window.fetch.bind(window)
  window.fetch = async (input, init) => {
    const request = new Request(input, init)
    // Read whatever the method: Firefox has no Request.body to ask whether there is one.
    const body = ['GET', 'HEAD'].includes(request.method) ? '' : await request.clone().text()
    const url = new URL(request.url)
    const path = url.origin === location.origin ? `${url.pathname}${url.search}` : url.href
    const headers = [...request.headers].map(([name, value]) => [
      name.startsWith('kalshi-') ? name.toUpperCase() : name,
      value,
    ])
    const entry = {
      label: `${request.method} ${path}`,
      text: [`${request.method} ${url.href}`, ...headers.map((pair) => pair.join(': ')), body].join(
        '\n',
      ),
    }
    sent.push(entry)
    scan(entry)
    list.append(row(entry.label, headers, body))
    render()
    return original(request)
  }

  render()
  return {
    /**
     * Adds a private key the page could read (a PEM) to those checked, and checks again every
     * request sent so far.
     * @param {string} pem
     */
    checkKey(pem) {
      // The block's base64 (importPrivateKey accepted it, text around it included).
      const base64 = (/-----BEGIN [^-]+-----([^-]*)-----END/.exec(pem)?.[1] ?? pem).replace(
        /\s/g,
        '',
      )
      const der = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      for (const text of encodings(der.subarray(HEADER_BYTES)))
        for (let i = 0; i + WINDOW <= text.length; i++) needles.add(text.slice(i, i + WINDOW))
      keys++
      for (const entry of sent) scan(entry)
      render()
    },
  }
}

/** The texts a key's bytes may be sent as: base64 at each of its three alignments, base64url, hex. */
function encodings(/** @type {Uint8Array} */ bytes) {
  const texts = []
  for (let offset = 0; offset < 3; offset++) {
    const base64 = btoa(String.fromCharCode(...bytes.subarray(offset))).replace(/=+$/, '')
    texts.push(base64, base64.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  texts.push(Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(''))
  return texts
}

/** Whether `text`, as sent or percent-decoded, holds a window of a key's encodings. */
function carries(/** @type {string} */ text, /** @type {Set<string>} */ needles) {
  let decoded = text
  try {
    decoded = decodeURIComponent(text)
  } catch {}
  for (const candidate of new Set([text, decoded, text.toLowerCase(), decoded.toLowerCase()]))
    for (let i = 0; i + WINDOW <= candidate.length; i++)
      if (needles.has(candidate.slice(i, i + WINDOW))) return true
  return false
}

/**
 * One request, built with the DOM (never from HTML strings): what was sent, as text.
 * @param {string} label
 * @param {string[][]} headers
 * @param {string} body
 */
function row(label, headers, body) {
  const item = document.createElement('li')
  const title = document.createElement('strong')
  title.textContent = label
  const detail = document.createElement('pre')
  detail.textContent = [
    ...headers.map(([name, value]) =>
      name === 'KALSHI-ACCESS-SIGNATURE' ? `${name}: ${shorten(value ?? '')}` : `${name}: ${value}`,
    ),
    body && `\n${readable(body)}`,
  ]
    .filter(Boolean)
    .join('\n')
  item.append(title, detail)
  return item
}

/** A signature, shortened: enough to tell two apart, not enough to replay one. */
const shorten = (/** @type {string} */ value) =>
  `${value.slice(0, 6)}…${value.slice(-4)} (${value.length} characters)`

/** A JSON body indented, for reading; anything else as it went. */
function readable(/** @type {string} */ body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}
