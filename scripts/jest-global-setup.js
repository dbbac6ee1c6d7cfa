'use strict'
// The CLI tests run the real `pinterest-conversions` bin, which runs dist/: build it once,
// before any test starts, when it is missing or older than src/ (a few seconds on 2 cores).
module.exports = async () => {
  require('./ensure-built').ensureBuilt()
}
