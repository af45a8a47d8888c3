const { itemTest } = require('../item-test')

itemTest(6, { shutDown: false })
