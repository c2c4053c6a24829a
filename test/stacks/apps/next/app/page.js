'use client'
// The page of the other stacks, as a client component: the same module, bundled by Next.js.
import { useEffect } from 'react'

export default function Page() {
  useEffect(() => {
    import('../../vite/main.js')
  }, [])
  return <main>kalshi-webcrypto stack</main>
}
