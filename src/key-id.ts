/**
 * An API key id as it may go into a header and a path: printable ASCII (Kalshi's are UUIDs; the
 * spec says only "string"). "." and ".." are refused: as a path segment, even percent-encoded,
 * URL parsing resolves them to another path.
 */
export const API_KEY_ID = /^(?!\.\.?$)[\x21-\x7e](?:[\x20-\x7e]{0,254}[\x21-\x7e])?$/
export const API_KEY_ID_RULE = 'printable ASCII, no outer spaces, not "." or ".."'
