'use strict'
// Builds the package under test (and, through its references, the packages it stands on) when
// dist/ is missing or older than src/: its tests import those packages through their dist/, and
// the CLI tests run the real bin.
const { ensureBuilt } = require('./packages/gateway/scripts/ensure-built')

module.exports = async (_globalConfig, projectConfig) => {
  ensureBuilt({ dir: projectConfig.rootDir })
}
