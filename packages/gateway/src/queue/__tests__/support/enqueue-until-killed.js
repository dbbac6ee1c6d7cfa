'use strict'
// The durability test's child: enqueues numbered events into the SQLite queue in DATA_DIR (the
// first argument) until it is killed, printing each number once its enqueue has resolved. Ten calls
// at a time, so they share group commits. Runs the compiled queue (dist/), which jest's global
// setup builds.
const path = require('path')
const { openSqliteQueue } = require(path.join(__dirname, '..', '..', '..', '..', 'dist', 'queue', 'sqlite'))

async function main() {
  const queue = await openSqliteQueue({ dataDir: process.argv[2] })
  process.stdout.write('ready\n')
  for (let n = 0; ; n += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        queue
          .enqueue([{ destination: 'd', subscription: 's', messageId: `m-${n + i}`, event: { n: n + i } }])
          // Writes to a pipe are synchronous on Linux: once printed, the parent reads it even after a kill.
          .then(() => process.stdout.write(`${n + i}\n`))
      )
    )
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`)
  process.exit(1)
})
