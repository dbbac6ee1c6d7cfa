/**
 * An explanation as text for a terminal (`replay --explain`): the same sections as the page, in
 * the same order. Digests are printed in full: they are what to compare with Pinterest's side.
 */
import type { Explanation, FieldView, UserDataView, ValueView } from './types'

const VALUE_WIDTH = 100

export function formatExplanation(explanation: Explanation, title: string): string {
  const lines = [title, `  ${outcomeLine(explanation)}`, '']
  lines.push(
    `  Mapped payload (${
      explanation.payloadStage === 'validated' ? 'as the action received it' : 'as mapped; the framework refused it'
    }):`
  )
  const shown = explanation.fields.filter((f) => !f.group && (f.value !== undefined || f.errors.length > 0))
  const width = Math.max(...shown.map((f) => f.field.length), 10)
  // Errors are told once, numbered, in their own section; the fields they are about point to them.
  const mark = (message: string) => `ERROR [${explanation.errors.findIndex((e) => e.message === message) + 1}]`
  for (const field of shown) lines.push(...fieldLines(field, width, mark))
  const unmapped = explanation.fields
    .filter((f) => !f.group && f.value === undefined && f.errors.length === 0)
    .map((f) => f.field)
  if (unmapped.length > 0) lines.push(`    (no value: ${unmapped.join(', ')})`)
  lines.push('')

  if (explanation.userData.length > 0) {
    lines.push('  user_data, key by key:')
    for (const row of explanation.userData.filter((r) => r.values.length > 0 || r.errors.length > 0))
      lines.push(...userDataLines(row, mark))
    const empty = explanation.userData.filter((r) => r.values.length === 0 && r.errors.length === 0).map((r) => r.field)
    if (empty.length > 0) lines.push(`    (no value: ${empty.join(', ')})`)
    lines.push('')
  }

  if (explanation.request) {
    lines.push(`  Pinterest request (${explanation.sent ? 'sent' : 'built, not sent'}):`)
    lines.push(`    ${explanation.request.method} ${explanation.request.url}`)
    lines.push(...indent(JSON.stringify(explanation.request.body, null, 2), '    '))
  } else {
    lines.push('  Pinterest request: none was built (see errors)')
  }
  if (explanation.response) {
    lines.push(`  Answer: ${explanation.response.status}`)
    lines.push(...indent(JSON.stringify(explanation.response.body, null, 2), '    '))
  }
  lines.push('')

  if (explanation.errors.length > 0) {
    lines.push('  Errors:')
    explanation.errors.forEach((error, i) =>
      lines.push(`    [${i + 1}] ${error.fields.join(', ') || '(event)'}: ${error.message}`)
    )
    lines.push('')
  }

  const health = explanation.health
  if (health) {
    lines.push(`  Health of this event: ${health.grade ?? 'none'} (the grade a stream of events like it would earn)`)
    lines.push(`    carries: ${health.carries.map((s) => s.label).join(', ') || 'nothing'}`)
    lines.push(`    lacks:   ${health.lacks.map((s) => `${s.label} (${s.priority})`).join(', ') || 'nothing'}`)
    if (health.cannotCarry.length > 0) {
      lines.push(`    not counted (its source cannot carry them): ${health.cannotCarry.map((s) => s.label).join(', ')}`)
    }
    for (const blocker of health.goodFairBlockers) lines.push(`    held back from Good/Fair: ${blocker}`)
  } else {
    lines.push('  Health of this event: none (no Pinterest event was built)')
  }
  return `${lines.join('\n')}\n`
}

function outcomeLine(explanation: Explanation): string {
  const errors = explanation.errors.length
  if (errors > 0) return `Result: refused, ${errors} error${errors === 1 ? '' : 's'}`
  if (!explanation.sent) return 'Result: would be sent (not sent)'
  return `Result: sent, answered ${explanation.response?.status ?? '?'}`
}

type Mark = (message: string) => string

function fieldLines(field: FieldView, width: number, mark: Mark): string[] {
  const value = field.value === undefined ? '(no value)' : shorten(JSON.stringify(field.value))
  const source = field.source ? `  <- ${shorten(field.source)}` : ''
  const errors = field.errors.length > 0 ? `  ${field.errors.map(mark).join(' ')}` : ''
  return [`    ${field.field.padEnd(width)}  ${value}${source}${errors}`]
}

function userDataLines(row: UserDataView, mark: Mark): string[] {
  const errors = row.errors.length > 0 ? `  ${row.errors.map(mark).join(' ')}` : ''
  const head = `    ${row.field} -> ${row.pinterestKey} (${row.hashed ? 'normalized, SHA-256' : 'sent as is'})${errors}`
  return [head, ...row.values.map(valueLine)]
}

function valueLine(value: ValueView): string {
  const input = value.input === undefined ? '(not mapped)' : `'${value.input}'`
  switch (value.status) {
    case 'hashed':
      return `      ${input}  normalized '${value.normalized}'  sha256 ${value.digest}`
    case 'prehashed':
    case 'duplicate':
      return `      ${input}  ${value.note}  sha256 ${value.digest}`
    case 'dropped':
      return `      ${input}  dropped: ${value.note}`
    case 'kept':
      return `      ${input}  kept${value.note ? ` (${value.note})` : ''}`
    case 'derived':
      return `      '${value.output}'  ${value.note}`
  }
}

function shorten(text: string): string {
  return text.length > VALUE_WIDTH ? `${text.slice(0, VALUE_WIDTH - 3)}...` : text
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((line) => prefix + line)
}
