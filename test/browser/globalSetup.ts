/** Playwright global setup: compile the test artifacts (dev setup) before the page server starts serving them. */
import { ensureArtifacts } from './artifacts.js'

export default async function globalSetup(): Promise<void> {
  await ensureArtifacts()
}
