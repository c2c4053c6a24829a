// How the fake server writes its answers: CORS, JSON, injected faults, and the API's error shapes.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Fault, TrafficEntry } from './types.js'

const MAX_BODY = 64 * 1024

/** Sets the CORS headers of an answer; `origin` is the one allowed. */
export function cors(req: IncomingMessage, res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin)
  res.setHeader('vary', 'Origin')
  res.setHeader('access-control-expose-headers', 'Date, Retry-After')
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE, PATCH, OPTIONS')
    res.setHeader(
      'access-control-allow-headers',
      req.headers['access-control-request-headers'] ?? '*',
    )
    res.setHeader('access-control-max-age', '600')
  }
}

/** A request's whole body as text, refused beyond 64 KiB. */
export async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY) throw new Error('body too large')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Answers with a JSON body. */
export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

/** Answers as an injected fault says. */
export function sendFault(res: ServerResponse, fault: Fault): void {
  const text =
    typeof fault.body === 'string'
      ? fault.body.repeat(fault.repeat ?? 1)
      : fault.body === undefined
        ? ''
        : JSON.stringify(fault.body)
  const type =
    fault.contentType ?? (typeof fault.body === 'string' ? 'text/plain' : 'application/json')
  res.writeHead(fault.status ?? 500, { 'content-type': type, ...fault.headers }).end(text)
}

/** The API's usual error shape. */
export function apiError(
  code: string,
  message: string,
): { error: { code: string; message: string; details: string } } {
  return { error: { code, message, details: '' } }
}

/** The API's 401 body for an auth verdict. */
export function unauthorized(auth: TrafficEntry['auth']): unknown {
  switch (auth) {
    case 'expired':
      return apiError(
        'header_timestamp_expired',
        'KALSHI-ACCESS-TIMESTAMP is too far from the server time',
      )
    case 'invalid':
      // As seen in the wild: no message, the reason in details.
      return { error: { code: 'authentication_error', details: 'INCORRECT_API_KEY_SIGNATURE' } }
    case 'unknown_key':
      return apiError('unauthorized', 'Unknown API key')
    default:
      return apiError('missing_parameters', 'The KALSHI-ACCESS-* headers are required')
  }
}
