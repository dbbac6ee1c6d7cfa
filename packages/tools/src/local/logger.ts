import type { Logger } from '@segment/actions-core'

const noop = () => undefined

/** actions-core's logger interface, saying nothing. */
export const silentLogger: Logger = {
  level: 'error',
  name: 'local',
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  crit: noop,
  log: noop,
  withTags: noop
}

/** actions-core's logger interface writing warnings and errors to `stream`, one line per message. */
export function streamLogger(stream: NodeJS.WritableStream): Logger {
  const write =
    (level: string) =>
    (...message: string[]) =>
      void stream.write(`${level}: ${message.join('\n')}\n`)
  return { ...silentLogger, level: 'warn', warn: write('warn'), error: write('error'), crit: write('crit') }
}
