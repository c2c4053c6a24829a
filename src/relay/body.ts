// The request body, read with a limit: the relay never buffers more than `maxBodyBytes`, whatever
// the runtime in front of it, and whatever `Content-Length` claims.

/** The body's bytes, `null` for none, or `'too large'` (the stream is then cancelled). */
export async function readBody(
  request: Request,
  limit: number,
): Promise<Uint8Array<ArrayBuffer> | null | 'too large'> {
  if (Number(request.headers.get('content-length')) > limit) {
    await request.body?.cancel().catch(() => {})
    return 'too large'
  }
  if (request.body === null) return null
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return 'too large'
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}
