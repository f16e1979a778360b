/**
 * Playwright tests of the examples (headless Debian Chromium at /usr/bin/chromium, or
 * CHROMIUM_PATH): the captcha page driven with real pointer events against the real chain. The web
 * server is the example's own command (`examples/captcha/serve.ts`: compiles if needed, starts
 * anvil, deploys, serves), stopped with SIGTERM at the end. Spec files import `@zkml/web…` through
 * examples/tsconfig.json's paths, which Playwright reads. Run: npm run test:examples
 */
import { resolve } from 'node:path'
import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.ZKML_CAPTCHA_PORT ?? 5191)
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const repo = resolve(import.meta.dirname, '..')

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 300_000,
  expect: { timeout: 60_000 },
  reporter: process.env.CI ? 'line' : 'list',
  outputDir: resolve(repo, 'test-results/examples'),
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
    },
  },
  webServer: {
    command: `npx tsx --tsconfig examples/tsconfig.json examples/captcha/serve.ts --port ${PORT} --strict-port`,
    cwd: repo,
    url: `http://localhost:${PORT}/config.json`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
})
