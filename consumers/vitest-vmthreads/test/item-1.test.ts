import { itemTest } from './item-test'

itemTest(1)
