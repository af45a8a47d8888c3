const { itemTest } = require('../item-test')

itemTest(5)
