import type { WriteStream } from 'fs'
import { createWriteStream } from 'fs'
import { FieldError } from 'pinterest-conversions-tools'

/** One event's fate, as `--out` writes it: a line number to find it by, never the event's personal data. */
export interface OutcomeRecord {
  line: number
  outcome: 'processed' | 'failed' | 'skipped' | 'not_json'
  preset?: string
  event_id?: string
  status?: number
  error?: string
  field?: string
}

export interface OutcomeSink {
  write(record: OutcomeRecord): Promise<void> | void
  close(): Promise<void>
}

export const noOutcomes: OutcomeSink = { write: () => undefined, close: async () => undefined }

/** NDJSON outcomes written to `path`, waiting on the disk when it falls behind so memory stays flat. */
export async function openOutcomeFile(path: string): Promise<OutcomeSink> {
  const stream: WriteStream = createWriteStream(path)
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', (error) => reject(new FieldError(`Cannot write ${path}: ${error.message}.`, '--out')))
  })
  return {
    write: (record) => {
      if (!stream.write(`${JSON.stringify(record)}\n`))
        return new Promise((resolve) => stream.once('drain', () => resolve()))
    },
    close: () =>
      new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())))
  }
}
