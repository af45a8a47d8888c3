import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    pool: 'threads',
    // Two threads at a time and a new one per file: the second file onwards loads the addon in a
    // thread that starts after another one that had it has ended.
    maxWorkers: 2,
    isolate: true,
    globalSetup: './test/global-setup.ts',
  },
})
