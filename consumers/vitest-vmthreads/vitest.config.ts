import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    pool: 'vmThreads',
    maxWorkers: 2,
    // Every file loads the addon into a fresh VM context; a tiny limit makes Vitest replace each
    // worker thread after its first file, so threads end while the run goes on.
    vmMemoryLimit: '1MB',
    globalSetup: './test/global-setup.ts',
  },
})
