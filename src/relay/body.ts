// The request body, read with a limit: the relay never buffers more than `maxBodyBytes`, whatever
// the runtime in front of it, and whatever `Content-Length` claims.

/**
 * The body's bytes, `null` for none, `'too large'` (the stream is then cancelled), or `'too slow'`
 * when `signal` aborts first (the relay's deadline covers the body coming in too).
 */
export async function readBody(
  request: Request,
  limit: number,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer> | null | 'too large' | 'too slow'> {
  if (Number(request.headers.get('content-length')) > limit) {
    await request.body?.cancel().catch(() => {})
    return 'too large'
  }
  if (request.body === null) return null
  const reader = request.body.getReader()
  // A cancel ends the pending read as if the body were done: the signal is checked after it.
  const stop = () => void reader.cancel().catch(() => {})
  signal?.addEventListener('abort', stop, { once: true })
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    if (signal?.aborted) stop()
    for (;;) {
      const { done, value } = await reader.read()
      if (signal?.aborted) return 'too slow'
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel().catch(() => {})
        return 'too large'
      }
      chunks.push(value)
    }
  } finally {
    signal?.removeEventListener('abort', stop)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}
