import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))

export default {
  mode: 'production',
  context: here,
  entry: './main.ts',
  output: { path: process.env.STACK_OUT, filename: 'app.js' },
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [{ test: /\.ts$/, loader: 'ts-loader' }] },
  experiments: { topLevelAwait: true },
}
