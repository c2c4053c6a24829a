// Endpoints beyond the API-keys spec copy, so that `client.request` can be tested on a real Trade
// API path: a minimal `GET /portfolio/balance` and `POST /portfolio/orders`. They are exempt from
// the spec check, each by name; any other path the spec does not know still counts as off the spec.

export interface ExtraOperation {
  method: string
  /** Below the API prefix. */
  path: string
  answer: (body: string) => [status: number, answer: unknown]
}

export const EXTRA_OPERATIONS: readonly ExtraOperation[] = [
  {
    method: 'GET',
    path: '/portfolio/balance',
    // The shape of Kalshi's GetBalanceResponse: cents, and when it was computed (seconds).
    answer: () => [200, { balance: 10_000, portfolio_value: 2_500, updated_ts: 1_700_000_000 }],
  },
  {
    method: 'POST',
    path: '/portfolio/orders',
    answer: (body) => {
      let order: { ticker?: unknown } | null
      try {
        order = JSON.parse(body)
      } catch {
        return [400, { error: { code: 'invalid_parameters', message: 'The body must be JSON' } }]
      }
      if (typeof order?.ticker !== 'string')
        return [400, { error: { code: 'invalid_parameters', message: 'ticker is required' } }]
      return [201, { order: { order_id: `order-${Date.now()}`, status: 'resting', ...order } }]
    },
  },
]

/**
 * The extra operation for a request, if any.
 *
 * @example
 * findExtraOperation('GET', '/portfolio/balance')?.answer('') // [200, { balance: 10000, ... }]
 */
export const findExtraOperation = (method: string, path: string): ExtraOperation | undefined =>
  EXTRA_OPERATIONS.find((op) => op.method === method && op.path === path)
