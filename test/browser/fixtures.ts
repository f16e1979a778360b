/**
 * Playwright fixtures for the browser tests: a page opened on the test page with every request
 * it (and its workers) makes recorded, plus typed access to `window.zkml`.
 */
import { test as base, expect, type Page, type Request } from '@playwright/test'
import type { TestPage } from './page/main.js'

export type RecordedRequest = { url: string; method: string; postData: string | null; at: number }

export type Fixtures = {
  /** Opens the test page (waits until `window.zkml` is ready). */
  open: (page?: Page) => Promise<Page>
  /** Every request recorded so far, in order. */
  requests: RecordedRequest[]
}

declare global {
  // eslint-disable-next-line no-var
  var zkml: TestPage
}

export const test = base.extend<Fixtures>({
  requests: async ({ context }, use) => {
    const list: RecordedRequest[] = []
    const record = (r: Request) => list.push({ url: r.url(), method: r.method(), postData: r.postData(), at: Date.now() })
    context.on('request', record)
    await use(list)
  },
  open: async ({ page, requests: _r }, use) => {
    page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') console.log(`[console.${m.type()}] ${m.text()}`)
    })
    await use(async (p = page) => {
      await p.goto('/')
      await expect(p.locator('#status')).toHaveText('ready', { timeout: 60_000 })
      return p
    })
  },
})
export { expect }

/** The URL of a served artifact set's manifest. */
export const manifestUrl = (variant: string) => `/artifacts/${variant}/manifest.json`
