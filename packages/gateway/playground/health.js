// @ts-check
/**
 * The conversion health of the event run, from the health module's report: its grade, the
 * signals it carries and lacks, and what stands between it and the next grade.
 * @import { Explanation, HealthView, SignalView } from './types'
 */
import { byId, h } from './dom.js'
import { isObject } from './values.js'

/**
 * The action source the destination gave the event, as the request carries it.
 * @param {Explanation} explanation
 * @returns {string | undefined}
 */
export function actionSourceOf(explanation) {
  const body = explanation.request?.body
  const data = isObject(body) && Array.isArray(body.data) ? body.data[0] : undefined
  return isObject(data) && typeof data.action_source === 'string' ? data.action_source : undefined
}

/**
 * @param {HealthView | null} health
 * @param {string | undefined} actionSource
 */
export function renderHealth(health, actionSource) {
  const box = byId('health')
  box.replaceChildren()
  if (!health) {
    box.append(h('p', { class: 'empty' }, ['None: no Pinterest event was built.']))
    return
  }
  const lacks = health.lacks
  box.append(
    h('h4', {}, ['The sample event, in Pinterest’s keys']),
    h('p', {}, [
      'Grade: ',
      h('strong', { class: 'grade' }, [health.grade ?? 'none']),
      ' — what a stream of events like this one would earn.'
    ]),
    h('h4', {}, ['Carries']),
    signalList(health.carries, 'carries'),
    h('h4', {}, ['Lacks']),
    signalList(lacks, 'lacks')
  )
  if (health.cannotCarry.length > 0) {
    box.append(
      h('p', { class: 'hint' }, [
        `Not counted for a ${actionSource} event (it cannot carry them): ${health.cannotCarry
          .map((s) => s.label)
          .join(', ')}.`
      ])
    )
  }
  const next = nextGrade(health, lacks)
  box.append(
    h('h4', {}, [next.title]),
    h(
      'ul',
      { class: 'blockers' },
      next.blockers.map((text) => h('li', {}, [text]))
    )
  )
  const unverified = health.checks.filter((check) => check.status === 'unverified')
  if (unverified.length > 0) {
    box.append(
      h('h4', {}, ['Not decidable from one event (the grade assumes them met)']),
      h(
        'ul',
        {},
        unverified.map((check) => h('li', {}, [check.summary]))
      )
    )
  }
}

/**
 * The grade above this one and what keeps the event from it, in the health module's words.
 * @param {HealthView} health
 * @param {SignalView[]} lacks
 * @returns {{ title: string, blockers: string[] }}
 */
function nextGrade(health, lacks) {
  if (health.grade === 'Poor')
    return { title: 'What stands between it and Good/Fair', blockers: health.goodFairBlockers }
  if (health.grade === 'Great') return { title: 'Next grade', blockers: ['None: Great is the highest grade.'] }
  const failing = health.checks.filter((check) => check.neededFor === 'Great' && check.status === 'fail')
  const missing = lacks.filter((signal) => signal.priority !== 'high')
  return {
    title: 'What stands between it and Great',
    blockers: [
      ...missing.map((signal) => `${signal.label} (${signal.priority}): not on this event`),
      ...failing.map((check) => `Great needs every medium and low priority id: ${check.summary}`)
    ]
  }
}

/**
 * @param {SignalView[]} signals
 * @param {string} kind
 */
function signalList(signals, kind) {
  if (signals.length === 0) return h('p', { class: `empty ${kind}` }, ['nothing'])
  return h(
    'ul',
    { class: `signals ${kind}` },
    signals.map((s) => h('li', { class: `signal ${s.priority}` }, [h('code', {}, [s.label]), ` ${s.priority}`]))
  )
}
