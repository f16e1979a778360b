/**
 * Headless Chromium for the examples' scripts (playwright-core, the system Chromium: Debian's
 * `/usr/bin/chromium`, or `CHROMIUM_PATH`; `npx playwright install` is not used).
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** The Chromium binary the examples use. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The flags of the repository's browser tests (wasm backend: no GPU here). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu']

/** Whether the Chromium binary exists. */
export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH)

/**
 * Launches headless Chromium.
 * @throws Error naming the missing binary and how to get it
 */
export async function launchChromium(): Promise<Browser> {
  if (!hasChromium()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`)
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
}
