import { itemTest } from './item-test'

itemTest(6, { shutDown: false })
