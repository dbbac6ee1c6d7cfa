// @ts-check
/**
 * Next to each field of the editor, what the last preview produced from the sample event: the
 * value, where it came from, each user_data value's normalization, values left out and why.
 * What the sample lacks (no identifier, a value of the wrong kind) is said as a warning about
 * this sample: another event may carry it, so it never keeps the subscription from being saved.
 * @import { Explanation, ValueView } from './types'
 */
import { byId, h } from './dom.js'
import { shortJson } from './sample.js'
import { isObject } from './values.js'

/** @param {Explanation} explanation */
export function showProduced(explanation) {
  const views = new Map(explanation.fields.map((f) => [f.field, f]))
  const userData = new Map(explanation.userData.map((row) => [`user_data.${row.field}`, row]))
  for (const row of byId('mapping-fields').querySelectorAll('.map-row')) {
    const field = row.getAttribute('data-field') ?? ''
    const out = row.querySelector('.produced')
    if (!out) continue
    out.replaceChildren()
    const item = field.match(/^(\w+)\[\]\.(\w+)$/)
    const view = item ? views.get(item[1]) : views.get(field)
    if (!view) continue
    // The directive is named in words only while it is the one in use: once the person picks
    // something else, the option keeps offering the directive they started from.
    const select = row.querySelector('select')
    const current = select?.value === '@current' ? row.querySelector('option.current') : null
    if (select && current && view.source) {
      current.textContent = `As mapped now: ${view.source}`
      select.title = current.textContent
      const directive = row.querySelector('.directive')
      if (directive) directive.textContent = current.textContent
    }
    if (item) {
      const list = Array.isArray(view.value) ? view.value : []
      const values = list.map((entry) => (isObject(entry) ? entry[item[2]] : undefined))
      out.append(producedValue(values.some((v) => v !== undefined) ? values : undefined))
      continue
    }
    const trace = userData.get(field)
    if (trace && trace.values.length > 0) {
      out.append(h('ul', { class: 'values compact' }, trace.values.map(tracedValue)))
    } else if (!view.group) {
      out.append(producedValue(view.value))
    }
    if (current && view.source) out.append(h('p', { class: 'hint' }, [`from ${view.source}`]))
    for (const warning of view.warnings ?? []) out.append(h('p', { class: 'note dropped-reason' }, [warning]))
    const errors = [...view.errors, ...(trace?.errors ?? [])].filter((e, i, all) => all.indexOf(e) === i)
    if (errors.length > 0) out.append(sampleWarning(errors))
    row.classList.toggle('has-warning', errors.length > 0)
  }
  for (const groupWarning of byId('mapping-fields').querySelectorAll('[data-warning-for]')) {
    const view = views.get(groupWarning.getAttribute('data-warning-for') ?? '')
    const element = /** @type {HTMLElement} */ (groupWarning)
    element.replaceChildren(...(view && view.errors.length > 0 ? [sampleWarning(view.errors)] : []))
    element.hidden = !view || view.errors.length === 0
  }
}

/** @param {string[]} errors */
function sampleWarning(errors) {
  return h('p', { class: 'field-warning' }, [h('strong', {}, ['On this sample: ']), errors.join(' ')])
}

/** @param {unknown} value */
function producedValue(value) {
  return h('p', { class: 'out' }, [
    '→ ',
    value === undefined
      ? h('span', { class: 'empty' }, ['no value'])
      : h('code', { class: 'value' }, [shortJson(value)])
  ])
}

/** @param {ValueView} value */
function tracedValue(value) {
  const steps = []
  if (value.input !== undefined) steps.push(h('code', {}, [JSON.stringify(value.input)]))
  if (value.normalized !== undefined) steps.push(' → ', h('code', { class: 'normalized' }, [value.normalized]))
  if (value.digest !== undefined)
    steps.push(' → sha256 ', h('code', { class: 'digest' }, [value.digest.slice(0, 12) + '…']))
  if (value.output !== undefined) steps.push(' → sent ', h('code', {}, [value.output]))
  return h('li', { class: `value ${value.status}` }, [
    h('span', { class: 'badge' }, [value.status === 'prehashed' ? 'passed through' : value.status]),
    ' ',
    ...steps,
    value.note && value.status !== 'kept'
      ? h('span', { class: value.status === 'dropped' ? 'note dropped-reason' : 'note' }, [` ${value.note}`])
      : null
  ])
}
