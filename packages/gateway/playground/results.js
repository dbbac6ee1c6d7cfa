// @ts-check
/**
 * The results of a run: its outcome in one sentence, the errors, the mapped payload, the
 * Pinterest request and answer, the normalization of every user_data value, the health.
 * @import { ExplainAnswer, ExplainedError, Explanation, FieldView, UserDataView, ValueView } from './types'
 */
import { status } from './controls.js'
import { byId, h } from './dom.js'
import { showProduced } from './produced.js'
import { actionSourceOf, renderHealth } from './health.js'
import { describeHealth } from './health-words.js'
import { showInputError } from './sample.js'
import { state } from './state.js'

/**
 * @param {number} httpStatus
 * @param {ExplainAnswer} answer
 * @param {boolean} run Run pressed (else a preview of an edit)
 */
export function render(httpStatus, answer, run) {
  if (httpStatus !== 200) {
    // The body, the preset or the mapping was refused before any event ran: say which.
    const field = answer.field ?? ''
    const message = answer.error ?? `The server answered ${httpStatus}.`
    if (field === 'payload' || field.startsWith('payload[')) showInputError('event', message)
    status.textContent = `Not run: ${message}`
    clearResults()
    return
  }
  // An array is explained event by event; the page shows the first.
  const explanation = answer.events ? answer.events[0] : answer
  const more = answer.events && answer.events.length > 1 ? ` (showing the first of ${answer.events.length} events)` : ''
  state.lastExplanation = explanation
  status.textContent = (run ? '' : 'Preview: ') + summary(explanation, run) + more
  renderErrors(explanation.errors)
  renderFields(explanation)
  renderRequest(explanation)
  renderTrace(explanation.userData, explanation.payloadStage)
  renderHealth(explanation.health, actionSourceOf(explanation))
  void describeHealth()
  showProduced(explanation)
}

/**
 * What happened, in one sentence a newcomer can act on: refused (by whom), built and not sent,
 * or sent and answered; and for a failed send, who retries it.
 * @param {Explanation} explanation
 * @param {boolean} run
 */
function summary(explanation, run) {
  const failed = sendFailure(explanation)
  if (failed) return failed
  const errors = explanation.errors.length
  if (errors > 0)
    return `${run ? 'Refused' : 'refused'}: ${errors} error${
      errors === 1 ? '' : 's'
    }, shown next to the fields that caused ${errors === 1 ? 'it' : 'them'}.`
  if (!explanation.sent) return `${run ? 'Built' : 'built'} the Pinterest request; it was not sent.`
  return `${run ? 'Sent' : 'sent'}; the answer was ${explanation.response ? explanation.response.status : 'missing'}.`
}

/**
 * A request that was built but failed on its way or at Pinterest: what happened and who retries.
 * @param {Explanation} explanation
 */
function sendFailure(explanation) {
  const error = explanation.errors.find((e) => e.source === 'pinterest')
  if (!error || !explanation.request) return undefined
  const retryable = error.code === 'RETRYABLE_ERROR' || error.status === 429 || error.status >= 500
  const retries = retryable
    ? 'Nothing retries on this page (Run again to retry); the gateway retries failures like this one for events it takes on /v1/track.'
    : 'Sending it again would fail the same way, here or through the gateway: fix what the answer names.'
  const what = explanation.response
    ? `Pinterest answered ${explanation.response.status}: ${error.message}`
    : `Pinterest could not be reached: ${error.message}`
  return `The request was built; ${what} ${retries}`
}

function clearResults() {
  for (const id of ['fields', 'request', 'trace', 'health'])
    byId(id).replaceChildren(h('p', { class: 'empty' }, ['Nothing to show.']))
  byId('health-words').replaceChildren()
  byId('errors').hidden = true
}

/** @param {ExplainedError[]} errors */
function renderErrors(errors) {
  const box = byId('errors')
  box.replaceChildren()
  box.hidden = errors.length === 0
  if (errors.length === 0) return
  const list = h('ul')
  for (const error of errors) {
    const links = error.fields.map((field) => h('a', { href: `#field-${field.replace(/\[\d+\]/g, '')}` }, [field]))
    const named =
      links.length > 0
        ? [
            h(
              'span',
              { class: 'error-fields' },
              links.flatMap((link, i) => (i === 0 ? [link] : [', ', link]))
            ),
            ': '
          ]
        : []
    list.append(h('li', {}, [...named, error.message]))
  }
  box.append(h('h3', {}, [errors.length === 1 ? 'Error' : 'Errors']), list)
}

/** @param {Explanation} explanation */
function renderFields(explanation) {
  const box = byId('fields')
  box.replaceChildren()
  box.append(
    h('p', { class: 'hint' }, [
      explanation.payloadStage === 'validated'
        ? 'As the action received it, after the framework mapped and validated it.'
        : 'As the mapping produced it: the framework’s validation refused it before the action ran.'
    ])
  )
  const list = h('ul', { class: 'fields' })
  const empty = []
  for (const field of explanation.fields) {
    if (field.group) {
      if (field.errors.length > 0) list.append(fieldRow(field))
      continue
    }
    if (field.value === undefined && field.errors.length === 0) {
      empty.push(field.field)
      continue
    }
    list.append(fieldRow(field))
  }
  box.append(list)
  if (empty.length > 0) box.append(h('p', { class: 'hint' }, [`No value: ${empty.join(', ')}.`]))
}

/** @param {FieldView} field */
function fieldRow(field) {
  const errorId = `error-${field.field}`
  return h(
    'li',
    {
      class: field.errors.length > 0 ? 'field has-error' : 'field',
      id: `field-${field.field}`,
      'data-field': field.field
    },
    [
      h('span', { class: 'field-name' }, [
        h('code', {}, [field.field]),
        ' ',
        h('span', { class: 'label' }, [field.label])
      ]),
      h('code', { class: 'value', 'aria-describedby': field.errors.length > 0 ? errorId : undefined }, [
        field.value === undefined ? '(no value)' : JSON.stringify(field.value)
      ]),
      field.source ? h('span', { class: 'source' }, [`from ${field.source}`]) : null,
      field.errors.length > 0 ? h('p', { class: 'field-error', id: errorId }, [field.errors.join(' ')]) : null
    ]
  )
}

/** @param {Explanation} explanation */
function renderRequest(explanation) {
  const box = byId('request')
  box.replaceChildren()
  const request = explanation.request
  const failedOnItsWay = !explanation.response && explanation.errors.some((e) => e.source === 'pinterest')
  if (!request) {
    box.append(h('p', { class: 'empty' }, ['No request was built: see the errors.']))
    return
  }
  box.append(
    h('p', {}, [
      h('span', { class: explanation.sent ? 'badge sent' : 'badge' }, [
        explanation.sent ? 'sent' : failedOnItsWay ? 'built; sending failed' : 'built, not sent'
      ]),
      ' ',
      h('code', { class: 'url' }, [`${request.method} ${request.url}`])
    ]),
    h('h4', {}, ['Body']),
    h('pre', { class: 'json', id: 'request-body', tabindex: '0', 'aria-label': 'Pinterest request body' }, [
      JSON.stringify(request.body, null, 2)
    ])
  )
  const response = explanation.response
  box.append(h('h4', {}, ['Answer']))
  if (!response) {
    box.append(
      h('p', { class: 'empty' }, [
        failedOnItsWay ? 'None: Pinterest could not be reached (see above).' : 'None: the request was not sent.'
      ])
    )
    return
  }
  const testHeader = response.headers?.['x-sandbox-test-mode']
  box.append(
    h('p', {}, [
      h('span', { class: response.status < 300 ? 'badge ok' : 'badge bad' }, [String(response.status)]),
      testHeader ? ' test mode: Pinterest records nothing' : ''
    ]),
    h('pre', { class: 'json', id: 'response-body', tabindex: '0', 'aria-label': 'Answer body' }, [
      JSON.stringify(response.body, null, 2)
    ])
  )
}

/**
 * @param {UserDataView[]} rows
 * @param {string} stage
 */
function renderTrace(rows, stage) {
  const box = byId('trace')
  box.replaceChildren()
  if (rows.length === 0) {
    box.append(
      h('p', { class: 'empty' }, [
        stage === 'mapped'
          ? 'None: the framework refused the mapped payload before the destination saw it.'
          : 'None: the settings are unusable (see the errors).'
      ])
    )
    return
  }
  const empty = []
  for (const row of rows) {
    if (row.values.length === 0 && row.errors.length === 0) {
      empty.push(row.field)
      continue
    }
    const values = h('ul', { class: 'values' }, row.values.map(valueItem))
    box.append(
      h('section', { class: row.errors.length > 0 ? 'key has-error' : 'key', 'data-key': row.field }, [
        h('h4', {}, [
          h('code', {}, [row.field]),
          ' → ',
          h('code', {}, [row.pinterestKey]),
          h('span', { class: 'label' }, [row.hashed ? ' normalized, SHA-256' : ' sent as is'])
        ]),
        values,
        row.errors.length > 0 ? h('p', { class: 'field-error' }, [row.errors.join(' ')]) : null
      ])
    )
  }
  if (empty.length > 0) box.append(h('p', { class: 'hint' }, [`No value: ${empty.join(', ')}.`]))
}

/** @param {ValueView} value */
function valueItem(value) {
  /** @type {[string, string, string?][]} */
  const parts = []
  if (value.input !== undefined) parts.push(['input', value.input])
  if (value.normalized !== undefined) parts.push(['normalized', value.normalized, 'normalized'])
  if (value.digest !== undefined) parts.push(['SHA-256', value.digest, 'digest'])
  if (value.output !== undefined) parts.push(['sent', value.output])
  const status = value.status === 'dropped' ? 'dropped' : value.status === 'prehashed' ? 'passed through' : value.status
  return h('li', { class: `value ${value.status}` }, [
    h('span', { class: 'badge' }, [status]),
    h(
      'dl',
      {},
      parts.map(([term, detail, kind]) =>
        h('div', {}, [h('dt', {}, [term]), h('dd', {}, [h('code', { class: kind }, [detail])])])
      )
    ),
    value.note ? h('p', { class: value.status === 'dropped' ? 'note dropped-reason' : 'note' }, [value.note]) : null
  ])
}
