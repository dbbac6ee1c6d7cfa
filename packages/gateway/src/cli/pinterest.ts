/**
 * `health` and `deletions`: the connected Pinterest account's side, over a running gateway's
 * admin routes (gateway-client.ts): Pinterest's Event Quality Score beside the gateway's
 * prediction, and deletion requests filed, listed, followed and cancelled.
 */
import type { Command } from 'commander'
import { Option } from 'commander'
import type { EqsDifference } from 'pinterest-conversions-tools'
import type { DeletionView } from '../connect/deletions'
import { callGateway, urlOption } from './gateway-client'

interface HealthOptions {
  url: string
  lookback: '1d' | '14d' | 'both'
  json?: boolean
}

interface HealthAnswer {
  ad_account_id: string
  lookback_period: string
  pinterest: Array<{ source_platform?: string; overall_status?: string }>
  difference: EqsDifference[]
}

export function addPinterestCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('health')
    .description(
      "Pinterest's Event Quality Score of the connected ad account beside the gateway's prediction for the same window, component by component (GET /health/pinterest). Reaches the gateway at --url (or GATEWAY_URL) with its admin token: ADMIN_TOKEN, else the one npm start keeps in DATA_DIR/admin-token."
    )
    .addOption(urlOption())
    .addOption(new Option('--lookback <period>', 'the window').choices(['1d', '14d', 'both']).default('both'))
    .option('--json', "the gateway's answers, one JSON object per line")
    .action(async (options: HealthOptions) => setExit(await health(options)))

  const group = program
    .command('deletions')
    .description(
      "Conversion deletion requests: Pinterest deletes these people's conversions (after 72 hours, cancellable until then), and the gateway purges their events it still holds."
    )
  group
    .command('file')
    .description('file a request for emails and/or EPIKs (click IDs)')
    .addOption(urlOption())
    .option('--email <addresses...>', 'email addresses')
    .option('--epik <ids...>', 'EPIKs: the epik parameter of a landing page URL')
    .action(async (options: { url: string; email?: string[]; epik?: string[] }) => {
      const body = { ...(options.email && { emails: options.email }), ...(options.epik && { epiks: options.epik }) }
      setExit(printDeletion(await callGateway(options.url, '/gateway/deletions', body)))
    })
  group
    .command('list')
    .description('the requests filed, newest first')
    .addOption(urlOption())
    .action(async (options: { url: string }) => {
      const answer = (await callGateway(options.url, '/gateway/deletions')) as { deletions: DeletionView[] } | undefined
      if (!answer) return setExit(1)
      for (const deletion of answer.deletions) process.stdout.write(`${deletionLine(deletion)}\n`)
      if (answer.deletions.length === 0) process.stderr.write('No deletion requests.\n')
    })
  group
    .command('show')
    .description("one request, with Pinterest's state")
    .argument('<id>')
    .addOption(urlOption())
    .action(async (id: string, options: { url: string }) =>
      setExit(printDeletion(await callGateway(options.url, `/gateway/deletions/${encodeURIComponent(id)}`)))
    )
  group
    .command('cancel')
    .description('cancel a request in its first 72 hours')
    .argument('<id>')
    .addOption(urlOption())
    .action(async (id: string, options: { url: string }) =>
      setExit(
        printDeletion(
          await callGateway(options.url, `/gateway/deletions/${encodeURIComponent(id)}`, undefined, 'DELETE')
        )
      )
    )
}

async function health(options: HealthOptions): Promise<number> {
  const periods = options.lookback === 'both' ? ['1d', '14d'] : [options.lookback]
  for (const period of periods) {
    const answer = (await callGateway(options.url, `/health/pinterest?lookback_period=${period}`)) as
      | HealthAnswer
      | undefined
    if (!answer) return 1
    process.stdout.write(options.json ? `${JSON.stringify(answer)}\n` : `${formatHealth(answer)}\n`)
  }
  return 0
}

/** One table per lookback period: each component of each event type, Pinterest's coverage, ours, and the difference. */
export function formatHealth(answer: HealthAnswer): string {
  const days = answer.lookback_period === '1d' ? '1 day' : '14 days'
  const lines = [`Event Quality Score, ad account ${answer.ad_account_id}, last ${days}: Pinterest's beside ours`]
  for (const score of answer.pinterest) {
    lines.push(`  ${score.source_platform ?? '?'}: Pinterest's overall status ${score.overall_status ?? '?'}`)
  }
  if (answer.difference.length === 0) return [...lines, '  no events in this window, on either side'].join('\n')
  const header = ['platform', 'event type', 'component', 'Pinterest', 'ours', 'difference']
  const rows = answer.difference.map((d) => [
    d.source_platform,
    d.event_type,
    d.component,
    percent(d.pinterest),
    percent(d.ours),
    d.difference === null ? '-' : `${d.difference > 0 ? '+' : ''}${d.difference.toFixed(1)}`
  ])
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)))
  const line = (row: string[]) =>
    `  ${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')}`
  return [...lines, line(header), ...rows.map(line)].join('\n')
}

function percent(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(1)}%`
}

function printDeletion(answer: unknown): number {
  if (!answer) return 1
  process.stdout.write(`${deletionLine(answer as DeletionView)}\n`)
  return 0
}

/** Counts only: the gateway keeps no email or EPIK to show. */
function deletionLine(deletion: DeletionView): string {
  return [
    deletion.id,
    deletion.state,
    `ad account ${deletion.ad_account_id}`,
    `${deletion.emails} email(s), ${deletion.epiks} EPIK(s)`,
    `purged here: ${deletion.purged.queued} queued, ${deletion.purged.dead_lettered} dead-lettered`,
    deletion.created_at,
    ...(deletion.state_error ? [`(state not refreshed: ${deletion.state_error})`] : [])
  ].join('  ')
}
