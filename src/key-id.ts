/**
 * An API key id as it may go into a header and a path: printable ASCII (Kalshi's are UUIDs; the
 * spec says only "string"). "." and ".." are refused: as a path segment, even percent-encoded,
 * URL parsing resolves them to another path. `[ -~]` is printable ASCII, `[!-~]` the same but the
 * space.
 */
export const API_KEY_ID = /^(?!\.\.?$)[!-~](?:[ -~]{0,254}[!-~])?$/
export const API_KEY_ID_RULE = 'printable ASCII, no outer spaces, not "." or ".."'
