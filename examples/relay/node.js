#!/usr/bin/env node
// @ts-check
// Runs the relay on Node:  KALSHI_UPSTREAM=https://external-api.demo.kalshi.co/trade-api/v2 node examples/relay/node.js
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createRelay } from './relay.js'

const MAX_BODY = 64 * 1024

/**
 * Adapts a fetch handler to Node's http server.
 * @param {(request: Request) => Promise<Response>} handler
 * @returns {import('node:http').RequestListener}
 */
export function toNodeListener(handler) {
  return async (req, res) => {
    try {
      const method = req.method ?? 'GET'
      const chunks = []
      let size = 0
      for await (const chunk of req) {
        size += chunk.length
        // API key requests are a few KB; refuse to buffer more than this.
        if (size > MAX_BODY)
          return void res.writeHead(413, { 'content-type': 'text/plain' }).end('Request too large')
        chunks.push(chunk)
      }
      const headers = new Headers()
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
      }
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
        method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : null,
      })
      const response = await handler(request)
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const upstream = process.env.KALSHI_UPSTREAM ?? 'https://external-api.demo.kalshi.co/trade-api/v2'
  const port = Number(process.env.PORT ?? 8788)
  createServer(toNodeListener(createRelay({ upstream }))).listen(port, '127.0.0.1', () => {
    console.log(`Relay on http://127.0.0.1:${port}/trade-api/v2 → ${upstream}`)
  })
}
