// The types of the ESM entry (index.mjs): the same exports as the CommonJS entry's index.d.ts.
export * from './index.js'
