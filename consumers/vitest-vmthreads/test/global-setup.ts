import { rmSync } from 'node:fs'
import { PACT_DIR, THREADS_LOG } from './item-test'

export default function setup() {
  rmSync(PACT_DIR, { recursive: true, force: true })
  rmSync(THREADS_LOG, { force: true })
}
