'use strict'
// Preloaded into node.exe under wine 8 only (scripts/smoke-target.sh): undici (global fetch) turns
// TCP keep-alive on while its socket is still connecting; wine 8 fails that setsockopt and the
// request ends with `connect UNKNOWN`. Windows itself accepts it. Here keep-alive is turned on
// once the socket has connected.
const net = require('node:net')
const setKeepAlive = net.Socket.prototype.setKeepAlive
net.Socket.prototype.setKeepAlive = function (...args) {
  if (this.connecting) {
    this.once('connect', () => setKeepAlive.apply(this, args))
    return this
  }
  return setKeepAlive.apply(this, args)
}
