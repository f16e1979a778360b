/**
 * Browser tests (headless Debian Chromium at /usr/bin/chromium; `npx playwright install` is not
 * used). Two projects: `wasm` (GPU disabled) runs every spec; `webgpu` (--enable-unsafe-webgpu:
 * a SwiftShader adapter here, so it tests that the WebGPU path works, never that it is fast) runs
 * the backend spec. Run: npm run test:browser
 */
import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.ZKML_TEST_PORT ?? 5183)
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const common = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // measureUserAgentSpecificMemory resolves at once instead of after the next GC.
  '--enable-blink-features=ForceEagerMeasureMemory',
]

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/browser/globalSetup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
  },
  webServer: {
    command: `npx vite --config test/browser/vite.config.ts --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  projects: [
    {
      name: 'wasm',
      use: { launchOptions: { executablePath: chromium, args: [...common, '--disable-gpu'] } },
    },
    {
      name: 'webgpu',
      testMatch: '**/backend.spec.ts',
      use: { launchOptions: { executablePath: chromium, args: [...common, '--enable-unsafe-webgpu'] } },
    },
  ],
})
