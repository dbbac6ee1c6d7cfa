import { createReadStream, statSync } from 'fs'
import { createInterface } from 'readline'
import type { Readable } from 'stream'
import { FieldError } from 'pinterest-conversions-tools'

export interface LineSource {
  lines: AsyncIterable<string>
  /** Bytes read from the source so far (a little ahead of the lines handed out). */
  bytesRead(): number
  /** Size of the file, when the source is one (not stdin). */
  totalBytes?: number
  label: string
}

/**
 * The lines of FILE, or of stdin for `-`, one at a time. readline's async iterator pauses the
 * stream while the consumer is busy, so memory stays flat whatever the size of the file.
 */
export function openLines(file: string, stdin: Readable = process.stdin): LineSource {
  let input: Readable
  let totalBytes: number | undefined
  if (file === '-') {
    input = stdin
  } else {
    let size: number
    try {
      const stat = statSync(file)
      if (!stat.isFile()) throw new FieldError(`${file} is not a file.`, 'FILE')
      size = stat.size
    } catch (error) {
      if (error instanceof FieldError) throw error
      throw new FieldError(
        `Cannot read ${file}: ${
          (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
        }.`,
        'FILE'
      )
    }
    totalBytes = size
    input = createReadStream(file)
  }
  let bytes = 0
  input.on('data', (chunk: Buffer | string) => (bytes += chunk.length))
  return {
    lines: createInterface({ input, crlfDelay: Infinity }),
    bytesRead: () => bytes,
    totalBytes,
    label: file === '-' ? 'stdin' : file
  }
}
