/**
 * `dead-letters list` and `dead-letters requeue`: what a running gateway gave up on, and
 * sending it again, over the gateway's admin routes, so the command works against any instance
 * (and, on PostgreSQL, against the queue they share) without opening the store itself.
 */
import type { Command } from 'commander'
import { Option } from 'commander'
import type { DeadLetter } from '../queue'
import { callGateway as call, urlOption } from './gateway-client'
import { wholeNumberFrom } from './options'

interface Connection {
  url: string
}

interface ListOptions extends Connection {
  destination?: string
  limit: number
  json?: boolean
}

interface SelectionOptions extends Connection {
  all?: boolean
  destination?: string
  reason?: string
}

const REASON_HELP = 'with --all: only those of this reason, whole or its kind (the word before the colon: rejected)'

export function addDeadLetterCommands(program: Command, setExit: (code: number) => void): void {
  const group = program
    .command('dead-letters')
    .description(
      "A running gateway's dead letters: events it gave up on, with why. Reaches the gateway at --url (or GATEWAY_URL) with its admin token: ADMIN_TOKEN, else the one npm start keeps in DATA_DIR/admin-token."
    )
  group
    .command('list')
    .description('the newest dead letters: id, destination/subscription, messageId, status, reason, fields')
    .addOption(urlOption())
    .option('--destination <id>', 'only this destination')
    .option('--limit <n>', 'how many, 1 to 1000', wholeNumberFrom(1, 1000), 100)
    .option('--json', 'one JSON object per line instead of a table')
    .action(async (options: ListOptions) => setExit(await list(options)))
  group
    .command('requeue')
    .description('send dead letters again: these ids, or --all')
    .argument('[ids...]', 'dead-letter ids, as `list` shows them')
    .addOption(urlOption())
    .addOption(new Option('--all', 'every dead letter (of --destination when given)'))
    .option('--destination <id>', 'with --all: only this destination')
    .option('--reason <reason>', REASON_HELP)
    .action(async (ids: string[], options: SelectionOptions) => setExit(await requeue(ids, options)))
  group
    .command('purge')
    .description('delete dead letters, raw events and all, for good: these ids, or --all')
    .argument('[ids...]', 'dead-letter ids, as `list` shows them')
    .addOption(urlOption())
    .addOption(new Option('--all', 'every dead letter (of --destination when given)'))
    .option('--destination <id>', 'with --all: only this destination')
    .option('--reason <reason>', REASON_HELP)
    .action(async (ids: string[], options: SelectionOptions) => setExit(await purge(ids, options)))
}

async function list(options: ListOptions): Promise<number> {
  const query = new URLSearchParams({ limit: String(options.limit) })
  if (options.destination) query.set('destination', options.destination)
  const answer = await call(options.url, `/gateway/dead-letters?${query.toString()}`)
  if (!answer) return 1
  const letters = (answer as { dead_letters: DeadLetter[] }).dead_letters
  if (options.json) {
    for (const letter of letters) process.stdout.write(`${JSON.stringify(withoutEvent(letter))}\n`)
    return 0
  }
  if (letters.length === 0) {
    process.stderr.write('No dead letters.\n')
    return 0
  }
  for (const letter of letters) process.stdout.write(`${line(letter)}\n`)
  process.stderr.write(`${letters.length} dead letter${letters.length === 1 ? '' : 's'}, newest first.\n`)
  return 0
}

async function requeue(ids: string[], options: SelectionOptions): Promise<number> {
  const body = selection('requeue', ids, options)
  if (!body) return 2
  const answer = await call(options.url, '/gateway/dead-letters/requeue', body)
  if (!answer) return 1
  const { requeued } = answer as { requeued: number }
  process.stderr.write(`Requeued ${requeued} event${requeued === 1 ? '' : 's'}: the gateway sends them again now.\n`)
  return 0
}

async function purge(ids: string[], options: SelectionOptions): Promise<number> {
  const body = selection('purge', ids, options)
  if (!body) return 2
  const answer = await call(options.url, '/gateway/dead-letters', body, 'DELETE')
  if (!answer) return 1
  const { purged } = answer as { purged: number }
  process.stderr.write(`Deleted ${purged} dead letter${purged === 1 ? '' : 's'}, raw events and all.\n`)
  return 0
}

/** The body naming the dead letters: ids, or all (of a destination, of a reason); undefined after saying why there is none. */
function selection(command: string, ids: string[], options: SelectionOptions): object | undefined {
  if (Boolean(options.all) === ids.length > 0) {
    process.stderr.write(`dead-letters ${command}: give dead-letter ids, or --all (not both).\n`)
    return undefined
  }
  if (!options.all) return { ids }
  return {
    all: true,
    ...(options.destination && { destination: options.destination }),
    ...(options.reason && { reason: options.reason })
  }
}

/** One line per letter; never the event itself, which holds personal data. */
function line(letter: DeadLetter): string {
  return [
    letter.id,
    `${letter.destination}/${letter.subscription}`,
    letter.messageId ?? '-',
    letter.status ?? '-',
    new Date(letter.deadAt).toISOString(),
    letter.reason + (letter.fields?.length ? ` [${letter.fields.join(', ')}]` : '')
  ].join('  ')
}

function withoutEvent(letter: DeadLetter): Omit<DeadLetter, 'event'> {
  const { event: _, ...rest } = letter
  return rest
}
