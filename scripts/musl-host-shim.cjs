'use strict'
// Preloaded by scripts/with-musl-node.sh only: a musl Node on a glibc machine. napi-rs's
// generated loader first reads /usr/bin/ldd to tell musl from glibc; here that file is glibc's,
// so the read fails as on a system without ldd, and the loader asks process.report (musl).
const fs = require('node:fs')
const readFileSync = fs.readFileSync
fs.readFileSync = function (path, ...rest) {
  if (path === '/usr/bin/ldd') {
    const error = new Error(`ENOENT: no such file or directory, open '${path}'`)
    error.code = 'ENOENT'
    throw error
  }
  return readFileSync.call(this, path, ...rest)
}
