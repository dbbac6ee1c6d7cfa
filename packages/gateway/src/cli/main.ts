/**
 * `pinterest-conversions`: the command line. `replay FILE.ndjson` sends a file of Segment
 * events through the destination, then tells how Pinterest will grade them (conversion health);
 * `dead-letters list|requeue` reads and resends what a running gateway gave up on.
 * Exit codes: 0 every routed event processed, 1 some failed, 2 bad usage. stdout carries data
 * only (dry-run bodies); messages for people go to stderr.
 */
import { readFileSync, writeFileSync } from 'fs'
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander'
import type { JSONObject } from '@segment/actions-core'
import type { Settings } from 'pinterest-conversions'
import { MAX_EVENTS_PER_REQUEST, ACTION_SLUG } from 'pinterest-conversions'
import {
  describeError,
  FieldError,
  LocalDestination,
  streamLogger,
  scrubbable,
  scrubText,
  isObject,
  createSentHealth,
  formatSentHealthReport,
  describeTarget,
  modeFromEnv,
  SANDBOX_SETTINGS,
  targetsFor
} from 'pinterest-conversions-tools'
import type { SentHealthReport, Transport } from 'pinterest-conversions-tools'
import { addDeadLetterCommands } from './dead-letters'
import { addPinterestCommands } from './pinterest'
import { openEndpoint } from './endpoint'
import { explainFirst } from './explain'
import { wholeNumberFrom } from './options'
import { openLines } from './lines'
import { noOutcomes, openOutcomeFile } from './outcomes'
import { createProgress } from './progress'
import { replay } from './replay'
import { formatSummary } from './tally'

const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const

interface ReplayOptions {
  preset?: string
  mapping?: string
  settings?: string
  sandbox?: boolean
  dryRun?: boolean
  out?: string
  healthJson?: string
  batchSize: number
  explain?: number
  send?: boolean
}

function buildProgram(): Command {
  const program = new Command('pinterest-conversions')
    .description(
      'Send Segment events to the Pinterest Conversions API through the destination, as a Segment-compatible runtime does.'
    )
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
  program
    .command('replay')
    .description(
      'Send an NDJSON file of Segment events (one per line) to Pinterest. Each event goes to the presets whose subscription matches it, in batches of up to 1000. Settings come from PINTEREST_AD_ACCOUNT_ID and PINTEREST_CONVERSION_TOKEN (test mode unless PINTEREST_TEST_MODE=false) or --settings FILE. Events without a timestamp are sent with the current time.'
    )
    .argument('<file>', 'NDJSON file of Segment events; - reads stdin')
    .option(
      '--preset <name>',
      'only this preset, such as "Checkout" (events its subscription does not match are skipped)'
    )
    .option(
      '--mapping <file>',
      'JSON mapping for every event, laid over the action defaults (or over the --preset mapping)'
    )
    .option('--settings <file>', 'JSON destination settings instead of the environment variables')
    .addOption(
      new Option(
        '--sandbox',
        'send to the embedded Pinterest sandbox in this process (nothing leaves the machine)'
      ).conflicts('dryRun')
    )
    .option('--dry-run', 'send nothing: write each Pinterest request body (hashed) to stdout, one per line')
    .option('--out <file>', "write every event's outcome to this NDJSON file")
    .option(
      '--health-json <file>',
      'also write the conversion health report (printed after the summary) to this file as JSON'
    )
    .option(
      '--batch-size <n>',
      `events per request, 1 to ${MAX_EVENTS_PER_REQUEST}`,
      wholeNumberFrom(1, MAX_EVENTS_PER_REQUEST),
      MAX_EVENTS_PER_REQUEST
    )
    .addOption(
      new Option(
        '--explain <n>',
        'instead of replaying, explain the first N events on stdout: mapped fields, user_data normalization, the Pinterest request, errors, health. Sends nothing unless --sandbox or --send'
      )
        .argParser(parseCount)
        .conflicts('out')
    )
    .addOption(
      new Option(
        '--send',
        'with --explain: send the explained events to Pinterest with the configured settings'
      ).conflicts(['sandbox', 'dryRun'])
    )
    .action(async (file: string, options: ReplayOptions) => {
      if (options.send && options.explain === undefined) {
        process.stderr.write(
          'pinterest-conversions replay: --send only goes with --explain N (a replay always sends).\n'
        )
        process.exitCode = EXIT.usage
        return
      }
      process.exitCode =
        options.explain === undefined
          ? await runReplay(file, options)
          : await runExplain(file, options, options.explain)
    })
  addDeadLetterCommands(program, (code) => (process.exitCode = code))
  addPinterestCommands(program, (code) => (process.exitCode = code))
  return program
}

/** Runs the command line; sets process.exitCode rather than exiting, so pending output is flushed. */
export async function main(argv: string[]): Promise<void> {
  process.stdout.on('error', endOnClosedPipe)
  try {
    await buildProgram().parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is bad usage.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage
      return
    }
    process.stderr.write(`pinterest-conversions: ${describeError(error).message}\n`)
    process.exitCode = EXIT.usage
  }
}

/**
 * The reader went away (`dead-letters list | head`): what it did not read is not wanted, so the
 * command ends quietly, as `ls | head` does, instead of dying on an unhandled EPIPE.
 */
function endOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? EXIT.ok)
}

async function runReplay(file: string, options: ReplayOptions): Promise<number> {
  let secrets: string[] = []
  const say = (line: string) => process.stderr.write(`${scrubText(line, secrets)}\n`)
  let endpoint
  let targets
  let source
  let outcomes = noOutcomes
  try {
    const fileSettings =
      options.settings === undefined
        ? undefined
        : (readJsonObject(options.settings, '--settings') as unknown as Settings)
    const mapping =
      options.mapping === undefined ? undefined : (readJsonObject(options.mapping, '--mapping') as JSONObject)
    targets = targetsFor({ actionSlug: ACTION_SLUG, preset: options.preset, mapping })
    source = openLines(file)
    endpoint = await openEndpoint({
      sandbox: options.sandbox === true,
      dryRun: options.dryRun === true,
      fileSettings,
      env: process.env,
      bodies: process.stdout
    })
    secrets = scrubbable([endpoint.settings.conversion_token])
    if (options.out !== undefined) outcomes = await openOutcomeFile(options.out)
    // Found out now, not after a million events, when the report cannot be written there.
    if (options.healthJson !== undefined) writeHealthJson(options.healthJson, null)
  } catch (error) {
    await endpoint?.close()
    say(`pinterest-conversions replay: ${describeError(error).message}`)
    return EXIT.usage
  }

  say(`Replaying ${source.label}: ${endpoint.description}`)
  const progress = createProgress(process.stderr, source.totalBytes)
  const health = createSentHealth()
  try {
    const tally = await replay({
      source,
      targets,
      settings: endpoint.settings,
      batchSize: options.batchSize,
      destination: new LocalDestination({ transport: endpoint.transport, logger: streamLogger(process.stderr) }),
      progress: { ...progress, log: (line) => progress.log(scrubText(line, secrets)) },
      outcomes,
      health
    })
    progress.stop()
    say(
      formatSummary(tally, {
        label: source.label,
        description: endpoint.description,
        dryRun: endpoint.dryRun
      }).trimEnd()
    )
    const report = health.report()
    say(`\n${formatSentHealthReport(report).trimEnd()}`)
    if (options.healthJson !== undefined) writeHealthJson(options.healthJson, report)
    return tally.failed > 0 ? EXIT.someFailed : EXIT.ok
  } catch (error) {
    progress.stop()
    say(`pinterest-conversions replay: stopped: ${describeError(error).message}`)
    return EXIT.someFailed
  } finally {
    await outcomes.close()
    await endpoint.close()
  }
}

/** `--explain N`: the explanations go to stdout (they are the data asked for); the mode to stderr. */
async function runExplain(file: string, options: ReplayOptions, limit: number): Promise<number> {
  let secrets: string[] = []
  const say = (line: string) => process.stderr.write(`${scrubText(line, secrets)}\n`)
  let where
  let targets
  let source
  try {
    const fileSettings =
      options.settings === undefined
        ? undefined
        : (readJsonObject(options.settings, '--settings') as unknown as Settings)
    const mapping =
      options.mapping === undefined ? undefined : (readJsonObject(options.mapping, '--mapping') as JSONObject)
    targets = targetsFor({ actionSlug: ACTION_SLUG, preset: options.preset, mapping })
    source = openLines(file)
    where = await explainTarget({ sandbox: options.sandbox === true, send: options.send === true, fileSettings })
    secrets = scrubbable([where.settings.conversion_token])
  } catch (error) {
    await where?.close()
    say(`pinterest-conversions replay: ${describeError(error).message}`)
    return EXIT.usage
  }
  say(`Explaining the first ${limit} event${limit === 1 ? '' : 's'} of ${source.label}: ${where.description}`)
  try {
    const tally = await explainFirst({
      source,
      targets,
      settings: where.settings,
      send: where.send,
      transport: where.transport,
      limit,
      write: (text) => process.stdout.write(scrubText(text, secrets))
    })
    say(
      `Explained ${tally.explained} (${tally.refused} refused) for ${tally.events} event${
        tally.events === 1 ? '' : 's'
      }; ${tally.unmatched} matched no preset.`
    )
    return tally.refused > 0 ? EXIT.someFailed : EXIT.ok
  } catch (error) {
    say(`pinterest-conversions replay: stopped: ${describeError(error).message}`)
    return EXIT.someFailed
  } finally {
    await where.close()
  }
}

/**
 * Where explained events go. --sandbox: the in-process sandbox, sent. --send: Pinterest, with
 * the configured settings, sent. Otherwise nothing is sent; the requests are built with the
 * configured settings when there are some (so the URL and ad account are yours), else with the
 * sandbox's ad account.
 */
async function explainTarget(choice: {
  sandbox: boolean
  send: boolean
  fileSettings?: Settings
}): Promise<{ settings: Settings; send: boolean; transport?: Transport; description: string; close(): Promise<void> }> {
  if (choice.sandbox || choice.send) {
    const endpoint = await openEndpoint({
      sandbox: choice.sandbox,
      dryRun: false,
      fileSettings: choice.fileSettings,
      env: process.env,
      bodies: process.stdout
    })
    return { ...endpoint, send: true, description: `sent to ${endpoint.description}` }
  }
  const env = modeFromEnv(process.env)
  const configured = choice.fileSettings ?? (env.kind === 'live' ? env.settings : undefined)
  const description = configured
    ? `nothing is sent (--send sends); requests are built for ${describeTarget({ live: configured })}`
    : 'nothing is sent; no settings given, so requests are built for the sandbox ad account (--sandbox sends them to the in-process sandbox)'
  return { settings: configured ?? SANDBOX_SETTINGS, send: false, description, close: async () => undefined }
}

function readJsonObject(path: string, option: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new FieldError(
      `${option} ${path}: ${
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message
      }.`,
      option
    )
  }
  if (!isObject(value)) throw new FieldError(`${option} ${path} must hold a JSON object.`, option)
  return value
}

/** The report as JSON; `null` only checks, before the run, that the file can be written (and empties it). */
function writeHealthJson(path: string, report: SentHealthReport | null): void {
  try {
    writeFileSync(path, report === null ? '' : `${JSON.stringify(report, null, 2)}\n`)
  } catch (error) {
    throw new FieldError(`Cannot write ${path}: ${(error as Error).message}.`, '--health-json')
  }
}

function parseCount(value: string): number {
  const count = Number(value)
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('a whole number of events, 1 or more')
  return count
}
