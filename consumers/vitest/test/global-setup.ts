import { rmSync } from 'node:fs'
import { PACT_DIR } from './pact'

export default function setup() {
  rmSync(PACT_DIR, { recursive: true, force: true })
}
