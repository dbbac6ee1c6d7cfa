/**
 * Every call to PostgreSQL ends within a bound, so a hung or unreachable database gives the
 * gateway's callers a prompt 503 instead of a request that never ends (and memory and sockets
 * growing behind it). The server ends a statement or an idle transaction itself; the client
 * gives up on a server that stopped answering altogether, which the server's own timeouts
 * cannot do.
 */
import type { PoolConfig } from 'pg'

/** A group commit of 8000 events, a claim of 1000: each well under a second on a healthy server. */
export const STATEMENT_TIMEOUT_MS = 10_000

export const POSTGRES_TIMEOUTS: PoolConfig = {
  // An unreachable server fails the call (the gateway answers 503) instead of holding it.
  connectionTimeoutMillis: 5_000,
  statement_timeout: STATEMENT_TIMEOUT_MS,
  lock_timeout: STATEMENT_TIMEOUT_MS,
  idle_in_transaction_session_timeout: 2 * STATEMENT_TIMEOUT_MS,
  // The server's timeouts plus a margin: past it the server itself no longer answers.
  query_timeout: STATEMENT_TIMEOUT_MS + 2_000,
  keepAlive: true
}
