// A body read with a limit, for the client's answers and the relay's requests alike: never more
// than `limit` bytes are buffered, whatever `Content-Length` claims.

/**
 * The stream's chunks (join them with `new Blob(chunks)`), or `'too large'` (the stream is then
 * cancelled), or `'too slow'` when `signal` aborts first (a cancel ends the pending read as if the
 * body were done: the signal is checked after it).
 */
export async function readBounded(
  stream: ReadableStream<Uint8Array<ArrayBuffer>> | null | undefined,
  limit: number,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>[] | 'too large' | 'too slow'> {
  const reader = stream?.getReader()
  const stop = () => void reader?.cancel().catch(() => {})
  signal?.addEventListener('abort', stop, { once: true })
  const chunks: Uint8Array<ArrayBuffer>[] = []
  try {
    if (signal?.aborted) stop()
    for (let size = 0; reader; ) {
      const { done, value } = await reader.read()
      if (signal?.aborted) return 'too slow'
      if (done) return chunks
      size += value.byteLength
      if (size > limit) {
        stop()
        return 'too large'
      }
      chunks.push(value)
    }
    return chunks
  } finally {
    signal?.removeEventListener('abort', stop)
  }
}
