/**
 * Deletion requests end to end: emails and/or EPIKs taken, normalized as events' are (the
 * destination's own normalizer), filed with Pinterest (which takes the emails in plain text),
 * and the same people's events still queued or dead-lettered here purged. The gateway's own
 * record keeps digests only (SHA-256 of the normalized email, as `em` carries it, and of the
 * EPIK), with Pinterest's state, which it asks again until the request is final.
 *
 * Pinterest's deletion API is not in the contract's OpenAPI extract (5.23): the request keeps to
 * the names of pinterest-oauth-eqs.md (`deletion_targets`, `user_emails`, `epiks`), the answer
 * is read for its `id` and `state` (pinterest-api.ts).
 */
import { createHash } from 'crypto'
import { emailDigest, epikOf, normalizedEmail } from 'pinterest-conversions'
import { FieldError, isObject } from 'pinterest-conversions-tools'
import type { Purged, Queue } from '../queue'
import type { GatewayLog } from '../gateway/log'
import type { PinterestConnection } from './connection'

const PREFIX = 'deletion:'
/** The most of each kind one request takes (Pinterest's is unpublished; the sandbox's is this). */
export const MAX_TARGETS = 1000
const MAX_EPIK_LENGTH = 512
/** States after which Pinterest's answer no longer changes. */
const FINAL_STATES = new Set(['CANCELLED', 'COMPLETED'])

/** What the gateway keeps of a request: no email, no EPIK. */
interface DeletionRecord {
  id: string
  ad_account_id: string
  state: string
  created_at: string
  updated_at: string
  email_digests: string[]
  epik_digests: string[]
  purged: { queued: number; dead_lettered: number }
}

/** What the routes answer. */
export interface DeletionView {
  id: string
  state: string
  ad_account_id: string
  created_at: string
  updated_at: string
  emails: number
  epiks: number
  /** The events of these people the gateway still held, deleted when the request was filed. */
  purged: { queued: number; dead_lettered: number }
  /** Set when Pinterest could not be asked for the state just now: the state shown is the last one seen. */
  state_error?: string
}

export interface DeletionsOptions {
  connection: PinterestConnection
  queue: Queue
  clock: () => number
  log: GatewayLog
}

export class Deletions {
  constructor(private readonly options: DeletionsOptions) {}

  /** Files a request for `{emails, epiks}` and purges these people's events here; answers the request. */
  async file(body: unknown): Promise<DeletionView> {
    const { emails, epiks } = readTargets(body)
    const { connection, queue, log } = this.options
    const filed = await connection.withToken(async (token, adAccountId) => ({
      adAccountId,
      request: await connection.api.fileDeletion(token, adAccountId, {
        ...(emails.length > 0 && { user_emails: emails }),
        ...(epiks.length > 0 && { epiks })
      })
    }))
    const purged = await queue.purge(personMatcher(emails, epiks))
    const now = new Date(this.options.clock()).toISOString()
    const record: DeletionRecord = {
      id: filed.request.id,
      ad_account_id: filed.adAccountId,
      state: filed.request.state,
      created_at: now,
      updated_at: now,
      email_digests: emails.map(sha256),
      epik_digests: epiks.map(sha256),
      purged: { queued: purged.queued, dead_lettered: purged.deadLettered }
    }
    await queue.records.write(PREFIX + record.id, JSON.stringify(record), 0)
    log.info(
      { deletion: record.id, emails: emails.length, epiks: epiks.length, ...purgedFields(purged) },
      'deletion request filed'
    )
    return viewOf(record)
  }

  async list(): Promise<DeletionView[]> {
    const records = await this.options.queue.records.list(PREFIX)
    return records
      .map((stored) => JSON.parse(stored.text) as DeletionRecord)
      .sort((a, b) => b.created_at.localeCompare(a.created_at))
      .map(viewOf)
  }

  /** The request, with Pinterest asked for its state until it is final. */
  async show(id: string): Promise<DeletionView> {
    const { record, version } = await this.read(id)
    if (FINAL_STATES.has(record.state)) return viewOf(record)
    const { connection } = this.options
    try {
      const answer = await connection.withToken((token) => connection.api.deletion(token, record.ad_account_id, id))
      return viewOf(await this.save(record, version, answer.state))
    } catch (error) {
      return { ...viewOf(record), state_error: (error as Error).message }
    }
  }

  /** Cancels the request at Pinterest (possible in its first 72 hours). */
  async cancel(id: string): Promise<DeletionView> {
    const { record, version } = await this.read(id)
    const { connection } = this.options
    const answer = await connection.withToken((token) => connection.api.cancelDeletion(token, record.ad_account_id, id))
    this.options.log.info({ deletion: id, state: answer.state }, 'deletion request cancelled')
    return viewOf(await this.save(record, version, answer.state))
  }

  private async read(id: string): Promise<{ record: DeletionRecord; version: number }> {
    const stored = await this.options.queue.records.read(PREFIX + id)
    if (!stored) throw new FieldError(`No deletion request "${id}".`, 'id', 404)
    return { record: JSON.parse(stored.text) as DeletionRecord, version: stored.version }
  }

  /** Keeps the state Pinterest gave; another instance saving meanwhile saved the same news. */
  private async save(record: DeletionRecord, version: number, state: string): Promise<DeletionRecord> {
    if (state === record.state) return record
    const next = { ...record, state, updated_at: new Date(this.options.clock()).toISOString() }
    await this.options.queue.records.write(PREFIX + record.id, JSON.stringify(next), version)
    return next
  }
}

/** `{emails, epiks}` checked, each email normalized as events' are; a problem is a 400 naming the entry. */
function readTargets(body: unknown): { emails: string[]; epiks: string[] } {
  if (!isObject(body)) throw new FieldError('The body must be {"emails": [...], "epiks": [...]}.', 'body')
  const unknown = Object.keys(body).find((key) => key !== 'emails' && key !== 'epiks')
  if (unknown !== undefined)
    throw new FieldError(`${unknown} is not a key of a deletion request (emails, epiks).`, unknown)
  const emails = listAt(body.emails, 'emails').map((value, i) => {
    const email = typeof value === 'string' ? normalizedEmail(value) : undefined
    if (email === undefined) throw new FieldError(`emails[${i}] is not an email address.`, `emails[${i}]`)
    return email
  })
  const epiks = listAt(body.epiks, 'epiks').map((value, i) => {
    const epik = typeof value === 'string' ? value.trim() : ''
    if (epik === '' || epik.length > MAX_EPIK_LENGTH) {
      throw new FieldError(`epiks[${i}] must be a click ID (the epik of a landing page URL).`, `epiks[${i}]`)
    }
    return epik
  })
  if (emails.length + epiks.length === 0) throw new FieldError('Give at least one email or EPIK.', 'emails')
  return { emails: [...new Set(emails)], epiks: [...new Set(epiks)] }
}

function listAt(value: unknown, at: string): unknown[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new FieldError(`${at} must be a list.`, at)
  if (value.length > MAX_TARGETS) throw new FieldError(`${at} takes at most ${MAX_TARGETS} per request.`, at)
  return value
}

/**
 * Whether a stored Segment event is one of these people's: any of its texts, wherever a mapping
 * might read it, is one of the emails (as its em digest, or that digest itself) or EPIKs (as a
 * value, or the `epik` of a URL).
 */
export function personMatcher(emails: readonly string[], epiks: readonly string[]): (event: unknown) => boolean {
  const digests = new Set(emails.map(sha256))
  const clickIds = new Set(epiks)
  const matches = (text: string): boolean => {
    if (digests.size > 0 && (text.includes('@') || text.length === 64)) {
      const digest = emailDigest(text)
      if (digest !== undefined && digests.has(digest)) return true
    }
    if (clickIds.size === 0) return false
    if (clickIds.has(text.trim())) return true
    const epik = text.includes('epik=') ? epikOf(text) : undefined
    return epik !== undefined && clickIds.has(epik)
  }
  const visit = (value: unknown, depth: number): boolean => {
    if (typeof value === 'string') return matches(value)
    if (depth > 32 || typeof value !== 'object' || value === null) return false
    return Object.values(value).some((item) => visit(item, depth + 1))
  }
  return (event) => visit(event, 0)
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

function purgedFields(purged: Purged) {
  return { purged_queued: purged.queued, purged_dead_lettered: purged.deadLettered }
}

function viewOf(record: DeletionRecord): DeletionView {
  return {
    id: record.id,
    state: record.state,
    ad_account_id: record.ad_account_id,
    created_at: record.created_at,
    updated_at: record.updated_at,
    emails: record.email_digests.length,
    epiks: record.epik_digests.length,
    purged: record.purged
  }
}
