/**
 * Helpers of the dApp tests: request recording at the browser level, driving the UI through its
 * `data-testid` hooks, reading the device's IndexedDB record, and decoding contract reverts.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test'
import { BaseError, ContractFunctionRevertedError } from 'viem'
import { STORE_DB, STORE_NAME } from '../../demo/src/store.js'

/** One request of the page or its workers, as the browser sent it. */
export type RecordedRequest = { url: string; method: string; body: Buffer | null; at: number }

/** Records every request of the context (pages and their workers), with bodies. */
export function recordRequests(context: BrowserContext): RecordedRequest[] {
  const list: RecordedRequest[] = []
  context.on('request', (r) => list.push({ url: r.url(), method: r.method(), body: r.postDataBuffer(), at: Date.now() }))
  return list
}

/** Opens the dApp and waits until it is ready. */
export async function openDemo(page: Page): Promise<void> {
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`))
  page.on('console', (m) => m.type() === 'error' && console.log(`[console.error] ${m.text()}`))
  await page.goto('/')
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 })
}

/**
 * Clicks a button and waits until its action has finished (`body[data-actions]` advanced).
 *
 * @returns The status line's text.
 */
export async function act(page: Page, testId: string, timeout = 240_000): Promise<string> {
  const before = Number((await page.locator('body').getAttribute('data-actions')) ?? 0)
  await page.getByTestId(testId).click()
  await expect(page.locator('body')).toHaveAttribute('data-actions', String(before + 1), { timeout })
  return (await page.getByTestId('status').textContent()) ?? ''
}

/** The identity record the device keeps, as JSON-safe values. */
export type StoredRecord = { seed: string; template: number[]; salt: string; secret: string; leaf: string; index: number }

/** Reads the device's identity record for `key` straight from IndexedDB. */
export async function readStoredIdentity(page: Page, key: string): Promise<StoredRecord | undefined> {
  return page.evaluate(
    ({ db, store, key }) =>
      new Promise<StoredRecord | undefined>((resolve, reject) => {
        const open = indexedDB.open(db)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const get = open.result.transaction(store).objectStore(store).get(key)
          get.onerror = () => reject(get.error)
          get.onsuccess = () => {
            const r = get.result as { seed: string; template: Uint8Array; salt: bigint; secret: bigint; leaf: bigint; index: number } | undefined
            open.result.close()
            resolve(r && { seed: r.seed, template: Array.from(r.template), salt: String(r.salt), secret: String(r.secret), leaf: String(r.leaf), index: r.index })
          }
        }
      }),
    { db: STORE_DB, store: STORE_NAME, key },
  )
}

/** The custom error a contract call reverted with (`'no revert'` when it did not). */
export async function revertName(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call
    return 'no revert'
  } catch (e) {
    const reverted = e instanceof BaseError ? e.walk((x) => x instanceof ContractFunctionRevertedError) : undefined
    return (reverted as ContractFunctionRevertedError | undefined)?.data?.errorName ?? `other error: ${(e as Error).message.split('\n')[0]}`
  }
}

/** `decodeURIComponent` that never throws. */
export function decoded(url: string): string {
  try {
    return decodeURIComponent(url)
  } catch {
    return url
  }
}
