/**
 * The sandbox's conversion deletion requests (Pinterest 5.28, closed beta):
 * `POST` and `GET /v5/ad_accounts/{id}/conversion_deletion_requests`, `GET` and `DELETE
 * …/{request_id}`. The schema is not in the contract's OpenAPI extract (5.23): the names kept
 * are those of pinterest-oauth-eqs.md (`deletion_targets` with `user_emails` in plain text
 * and/or `epiks`), the rest of the shape is the sandbox's own and says so in
 * docs/pinterest-account.md.
 *
 * A request is PENDING for 72 hours of the sandbox's clock and can be cancelled until then
 * (CANCELLED); it is then PROCESSING for a day (Pinterest takes up to 30) and COMPLETED. The
 * sandbox keeps how many targets a request had, never the targets.
 */
import { randomBytes } from 'crypto'
import type { SandboxAnswer } from './http'
import { answer, pinterestError } from './http'

const HOUR_SECONDS = 60 * 60
export const DELETION_PENDING_SECONDS = 72 * HOUR_SECONDS
const PROCESSING_SECONDS = 24 * HOUR_SECONDS
/** The most targets of each kind one request takes (the sandbox's limit). */
export const MAX_DELETION_TARGETS = 1000

export type DeletionState = 'PENDING' | 'CANCELLED' | 'PROCESSING' | 'COMPLETED'

interface DeletionRecord {
  id: string
  adAccountId: string
  createdTime: number
  cancelledTime?: number
  emails: number
  epiks: number
}

export interface DeletionDesk {
  file(adAccountId: string, body: unknown, nowSeconds: number): SandboxAnswer
  list(adAccountId: string, nowSeconds: number): SandboxAnswer
  show(adAccountId: string, id: string, nowSeconds: number): SandboxAnswer
  cancel(adAccountId: string, id: string, nowSeconds: number): SandboxAnswer
}

export function createDeletionDesk(): DeletionDesk {
  const records = new Map<string, DeletionRecord>()
  const find = (adAccountId: string, id: string) => {
    const record = records.get(id)
    return record?.adAccountId === adAccountId ? record : undefined
  }
  const notFound = () => pinterestError(404, 2, 'Conversion deletion request not found.')

  return {
    file(adAccountId, body, nowSeconds) {
      const targets = (body as { deletion_targets?: unknown } | undefined)?.deletion_targets
      if (typeof targets !== 'object' || targets === null) {
        return pinterestError(400, 1, 'deletion_targets is required: {"user_emails": [...], "epiks": [...]}.')
      }
      const { user_emails: emails, epiks } = targets as { user_emails?: unknown; epiks?: unknown }
      const problem =
        listProblem('user_emails', emails, (v) => /^[^\s@]+@[^\s@]+$/.test(v)) ?? listProblem('epiks', epiks)
      if (problem) return pinterestError(400, 1, problem)
      const emailCount = Array.isArray(emails) ? emails.length : 0
      const epikCount = Array.isArray(epiks) ? epiks.length : 0
      if (emailCount + epikCount === 0) {
        return pinterestError(400, 1, 'deletion_targets needs at least one of user_emails and epiks.')
      }
      const record = {
        id: randomBytes(8).readBigUInt64BE().toString().slice(0, 18),
        adAccountId,
        createdTime: nowSeconds,
        emails: emailCount,
        epiks: epikCount
      }
      records.set(record.id, record)
      return answer(200, view(record, nowSeconds))
    },
    list(adAccountId, nowSeconds) {
      const items = [...records.values()].filter((r) => r.adAccountId === adAccountId).map((r) => view(r, nowSeconds))
      return answer(200, { items, bookmark: null })
    },
    show(adAccountId, id, nowSeconds) {
      const record = find(adAccountId, id)
      return record ? answer(200, view(record, nowSeconds)) : notFound()
    },
    cancel(adAccountId, id, nowSeconds) {
      const record = find(adAccountId, id)
      if (!record) return notFound()
      const state = stateOf(record, nowSeconds)
      if (state === 'CANCELLED') return answer(200, view(record, nowSeconds))
      if (state !== 'PENDING') {
        return pinterestError(409, 1, `The request is ${state}: it could only be cancelled in its first 72 hours.`)
      }
      record.cancelledTime = nowSeconds
      return answer(200, view(record, nowSeconds))
    }
  }
}

function listProblem(key: string, value: unknown, valid: (text: string) => boolean = () => true): string | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) return `deletion_targets.${key} must be a list.`
  if (value.length > MAX_DELETION_TARGETS) return `deletion_targets.${key} takes at most ${MAX_DELETION_TARGETS}.`
  const bad = value.findIndex((item) => typeof item !== 'string' || item.trim() === '' || !valid(item))
  return bad < 0 ? undefined : `deletion_targets.${key}[${bad}] is not valid.`
}

function stateOf(record: DeletionRecord, nowSeconds: number): DeletionState {
  if (record.cancelledTime !== undefined) return 'CANCELLED'
  const processAfter = record.createdTime + DELETION_PENDING_SECONDS
  if (nowSeconds < processAfter) return 'PENDING'
  return nowSeconds < processAfter + PROCESSING_SECONDS ? 'PROCESSING' : 'COMPLETED'
}

function view(record: DeletionRecord, nowSeconds: number): object {
  return {
    id: record.id,
    ad_account_id: record.adAccountId,
    state: stateOf(record, nowSeconds),
    created_time: record.createdTime,
    process_after_time: record.createdTime + DELETION_PENDING_SECONDS,
    deletion_targets: { user_emails_count: record.emails, epiks_count: record.epiks }
  }
}
