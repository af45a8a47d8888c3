// npm run soak: 10,000 create/shutdown cycles, then 200 servers alive at once.
import { test } from 'node:test'
import { checkLifecycle } from '../robust/lifecycle-check.mjs'

test('10,000 create/shutdown cycles: descriptors and threads as they were, RSS within 20 MiB', (t) =>
  checkLifecycle(t, { cycles: 10_000, alive: 200, timeoutMs: 3_600_000 }))
