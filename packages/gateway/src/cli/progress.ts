import { MultiBar, Presets } from 'cli-progress'

/** Progress on a terminal; a do-nothing stand-in anywhere else (a pipe, a file, CI). */
export interface Progress {
  update(events: number, bytes: number): void
  /** A line above the bar (or plainly on the stream when there is no bar). */
  log(line: string): void
  stop(): void
}

/**
 * A bar with events per second on `stream` when it is a terminal. When it is not, nothing of
 * the bar is written at all: no carriage returns or escape codes end up in a log file.
 */
export function createProgress(stream: NodeJS.WriteStream, totalBytes?: number): Progress {
  if (!stream.isTTY) {
    return { update: () => undefined, log: (line) => void stream.write(`${line}\n`), stop: () => undefined }
  }
  const started = Date.now()
  const withSize = totalBytes !== undefined && totalBytes > 0
  const multi = new MultiBar(
    {
      stream,
      format: withSize
        ? '{bar} {percentage}% | {events} events | {rate} events/s | {duration_formatted}'
        : '{events} events | {rate} events/s | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50
    },
    Presets.shades_classic
  )
  const bar = multi.create(withSize ? totalBytes : 1, 0, { events: 0, rate: 0 })
  return {
    update(events, bytes) {
      const seconds = (Date.now() - started) / 1000
      bar.update(withSize ? Math.min(bytes, totalBytes) : 0, {
        events,
        rate: seconds > 0 ? Math.round(events / seconds) : 0
      })
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop()
  }
}
