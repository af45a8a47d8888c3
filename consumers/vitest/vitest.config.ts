import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    pool: 'forks',
    globalSetup: './test/global-setup.ts',
  },
})
