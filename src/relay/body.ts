// The request body, read with a limit (../body.ts): the relay never buffers more than
// `maxBodyBytes`, whatever the runtime in front of it, and whatever `Content-Length` claims.
import { readBounded } from '../body.js'

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
  const chunks = await readBounded(request.body, limit, signal)
  return typeof chunks === 'string' ? chunks : new Uint8Array(await new Blob(chunks).arrayBuffer())
}
