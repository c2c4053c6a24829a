// The legacy RegExp statics (`RegExp.$_`, `RegExp.input`, `lastMatch`, `leftContext`,
// `rightContext`, `$1`…) hold the text of the realm's last successful match for any script to
// read, and in Node they can be the last thing that keeps a string alive. Code that matched a key's
// text ends by matching an empty string, so that they hold nothing.

/**
 * Leaves the legacy RegExp statics holding the empty string.
 *
 * @example
 * ```ts
 * const body = pem.replace(/\s+/g, '')
 * forgetLastMatch() // RegExp.$_ no longer holds the PEM
 * ```
 */
export function forgetLastMatch(): void {
  // Not `/(?:)/.exec('')`: bundlers (rollup, and so every build of ours) take a literal's `exec`
  // for free of side effects and drop the call; through `RegExp.prototype` it stays.
  RegExp.prototype.exec.call(/(?:)/, '')
}
