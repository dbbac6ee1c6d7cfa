/**
 * Dead letters (raw events, kept for an operator to read and send again) deleted on request and
 * once past their retention, with their raw events; and the readiness probe's write. PostgreSQL
 * keeps a deleted row's bytes in its table files until VACUUM reuses the space (autovacuum does):
 * docs/security.md says so.
 */
import type { Pool, PoolClient } from 'pg'
import { isEventId, postgresAllOf } from './shared'
import type { PurgeSelection } from './types'

export const PROBE_SCHEMA = `
CREATE TABLE IF NOT EXISTS queue_probe (id smallint PRIMARY KEY CHECK (id = 1), at bigint NOT NULL);
`

const PURGE = (where: string) => `
WITH gone AS (DELETE FROM queue_dead WHERE ${where} RETURNING id),
  payloads AS (DELETE FROM queue_payloads WHERE id = ANY(ARRAY(SELECT id FROM gone)))
SELECT count(*) AS purged FROM gone`

const PROBE = `
INSERT INTO queue_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = EXCLUDED.at`

/** Deletes the selected dead letters and their raw events; answers how many. */
export async function purgeDeadLetters(
  client: PoolClient,
  selection: PurgeSelection,
  uncount: (purged: number) => Promise<void>
): Promise<number> {
  const [where, values] =
    'ids' in selection
      ? ['id = ANY($1::bigint[])', [selection.ids.filter(isEventId)]]
      : 'all' in selection
      ? [postgresAllOf('$1', '$2'), [selection.destination ?? null, selection.reason ?? null]]
      : [
          'id IN (SELECT id FROM queue_dead WHERE dead_at < $1 ORDER BY dead_at LIMIT $2 FOR UPDATE SKIP LOCKED)',
          [selection.deadBefore, Math.max(0, Math.floor(selection.limit))]
        ]
  const { rows } = await client.query<{ purged: string }>(PURGE(where), values)
  const purged = Number(rows[0].purged)
  if (purged > 0) await uncount(purged)
  return purged
}

export async function probeWrite(pool: Pool, now: number): Promise<void> {
  await pool.query(PROBE, [now])
}
