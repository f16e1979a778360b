/**
 * Playwright tests of the identity dApp (demo/): headless Debian Chromium at /usr/bin/chromium,
 * driving the real UI against the real chain. The web server is `scripts/start.ts` itself (builds
 * the artifacts if absent, starts anvil, deploys, serves), stopped with SIGTERM at the end.
 * Run: npm run test:demo
 */
import { resolve } from 'node:path'
import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.ZKML_DEMO_PORT ?? 5190)
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 600_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? 'line' : 'list',
  outputDir: resolve(import.meta.dirname, '../../test-results/demo'),
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromium,
      // The flags of the repository's browser tests (playwright.config.ts), wasm backend (no GPU here).
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    },
  },
  webServer: {
    command: `npx tsx scripts/start.ts --allow-insecure-setup --port ${PORT} --strict-port`,
    cwd: resolve(import.meta.dirname, '../..'),
    // Ready once the registry is deployed and the page is served.
    url: `http://localhost:${PORT}/config.json`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
})
