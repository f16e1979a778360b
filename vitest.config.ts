import { defineConfig } from 'vitest/config'
import { zkmlAliases } from './examples/shared/aliases.js'

export default defineConfig({
  // The examples import the package by name (`@zkml/web/node`, …): resolved to src/ here.
  resolve: { alias: zkmlAliases() },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Type tests (`*.test-d.ts`): tsc checks them, nothing runs.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})
