/**
 * DATA_DIR holds raw events (emails, phones, addresses until they are delivered) and the admin
 * token: only the user the gateway runs as may read it. The folder is made 0700 and the files
 * the gateway keeps there 0600, including those of an earlier version made readable by all; the
 * process's umask makes every file it creates later (SQLite's journal, a saved configuration)
 * private too.
 */
import { chmodSync, existsSync, mkdirSync } from 'fs'
import { join } from 'path'
import { ADMIN_TOKEN_FILE } from './admin-token'

/** The files the gateway keeps in DATA_DIR: its own, so changing their mode touches nothing else there. */
const OWN_FILES = ['queue.db', 'queue.db-wal', 'queue.db-shm', 'queue.db-journal', 'gateway.json', ADMIN_TOKEN_FILE]

export function makePrivate(dataDir: string): void {
  process.umask(0o077)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  chmodSync(dataDir, 0o700)
  for (const name of OWN_FILES) {
    const file = join(dataDir, name)
    if (existsSync(file)) chmodSync(file, 0o600)
  }
}
