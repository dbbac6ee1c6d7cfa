import { openPostgresQueue } from './postgres'
import type { Queue } from './types'

export type {
  ClaimedEvent,
  DeadLetter,
  DeadLetterQuery,
  DueSummary,
  EnqueueResult,
  NewEvent,
  Purged,
  PurgeSelection,
  Queue,
  QueuedEvent,
  QueueStats,
  RecordStore,
  Refusal,
  RequeueSelection,
  Settlement,
  SharedConfigStore,
  StoredConfig,
  StoredRecord
} from './types'
export { INGEST_DESTINATION } from './types'
export { DEFAULT_EVENT_LOG_RETENTION_MS, openEventLog } from './event-log'
export type {
  DeliverySummary,
  EventLog,
  EventLogTotals,
  Frequency,
  StoryRecord,
  StoryState,
  StoryWarning,
  SubscriptionActivity
} from './event-log'
export { openPostgresQueue } from './postgres'
export { MemoryBudget } from './request-budget'
export type { RequestBudget } from './request-budget'
export type { PostgresQueueOptions } from './postgres'
export type { SqliteQueueOptions } from './sqlite'

export interface QueueConfig {
  /** A PostgreSQL connection string: the queue is shared by every gateway instance using it. */
  databaseUrl?: string
  /** Otherwise, the folder of this process's embedded SQLite queue. */
  dataDir?: string
  /** The clock stamping accepted events (tests). */
  clock?: () => number
}

/** The store the configuration names: PostgreSQL when given a URL, else SQLite in `dataDir`. */
export async function openQueue(config: QueueConfig): Promise<Queue> {
  // An empty DATABASE_URL (set but blank in an environment file) means none.
  if (config.databaseUrl) return openPostgresQueue({ connectionString: config.databaseUrl, clock: config.clock })
  if (!config.dataDir) throw new Error('The queue needs a DATABASE_URL (PostgreSQL) or a DATA_DIR (SQLite)')
  const { openSqliteQueue } = await loadSqlite()
  return openSqliteQueue({ dataDir: config.dataDir, clock: config.clock })
}

/**
 * better-sqlite3 is an optional dependency: it compiles natively, and whoever installs this
 * package for the destination alone, or runs the gateway on PostgreSQL, must not need a
 * compiler. Loaded only when the embedded store is asked for.
 */
async function loadSqlite(): Promise<typeof import('./sqlite')> {
  try {
    return await import('./sqlite')
  } catch (error) {
    if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND') throw error
    throw new Error(
      'The embedded queue needs better-sqlite3, which is not installed (its native build failed or was skipped): ' +
        'reinstall with a C++ toolchain available, or set DATABASE_URL to use PostgreSQL.'
    )
  }
}
