import { openPostgresQueue } from './postgres'
import { openSqliteQueue } from './sqlite'
import type { Queue } from './types'

export type {
  ClaimedEvent,
  DeadLetter,
  DeadLetterQuery,
  DueSummary,
  NewEvent,
  Queue,
  QueueStats,
  RequeueSelection,
  Settlement
} from './types'
export { openPostgresQueue } from './postgres'
export type { PostgresQueueOptions } from './postgres'
export { openSqliteQueue, SQLITE_FILE } from './sqlite'
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
export function openQueue(config: QueueConfig): Promise<Queue> {
  // An empty DATABASE_URL (set but blank in an environment file) means none.
  if (config.databaseUrl) return openPostgresQueue({ connectionString: config.databaseUrl, clock: config.clock })
  if (config.dataDir) return openSqliteQueue({ dataDir: config.dataDir, clock: config.clock })
  return Promise.reject(new Error('The queue needs a DATABASE_URL (PostgreSQL) or a DATA_DIR (SQLite)'))
}
