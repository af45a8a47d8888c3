const { itemTest } = require('../item-test')

itemTest(1)
