/**
 * The normalization trace of user_data, key by key, from the destination's own UserDataTrace
 * (filled by buildEvent while it builds the event) and the user_data it sent. The trace holds
 * value-free reasons; the sentences a person reads, with the value in them, are composed here,
 * because explanations are only ever shown locally.
 */
import type { JSONObject } from '@segment/actions-core'
import type { UserData, HashedField, UserDataTrace, ValueTrace } from 'pinterest-conversions'
import { HASHED_FIELDS } from 'pinterest-conversions'
import type { UserDataView, ValueView } from './types'

export interface TraceInput {
  /** The properties of the action's user_data field, in order. */
  properties: Record<string, { label: string }>
  /** The user_data the action received. */
  input: JSONObject | undefined
  trace: UserDataTrace | undefined
  /** The user_data the destination built from it (sent, or refused with the event). */
  output: UserData | undefined
}

export function userDataViews({ properties, input, trace, output }: TraceInput): UserDataView[] {
  return Object.entries(properties).map(([field, property]) => {
    if (field in HASHED_FIELDS) {
      const key = HASHED_FIELDS[field as HashedField]
      const values = (trace?.[field as HashedField] ?? []).map((value) => hashedValue(field, value))
      return withOutput(
        { field, label: property.label, pinterestKey: key, hashed: true, values, errors: [] },
        output?.[key]
      )
    }
    // The other keys are sent under their own name.
    const sent = output?.[field as keyof UserData]
    const values = plainValues(field, input?.[field], trace?.[field as keyof UserDataTrace], sent)
    return withOutput({ field, label: property.label, pinterestKey: field, hashed: false, values, errors: [] }, sent)
  })
}

function withOutput(view: UserDataView, output: string | string[] | undefined): UserDataView {
  return output === undefined ? view : { ...view, output }
}

function hashedValue(field: string, value: ValueTrace): ValueView {
  switch (value.status) {
    case 'hashed':
      return { input: value.input, status: 'hashed', normalized: value.normalized, digest: value.digest }
    case 'prehashed':
      return { input: value.input, status: 'prehashed', digest: value.digest, note: 'already a digest: passed through' }
    case 'duplicate':
      return {
        input: value.input,
        status: 'duplicate',
        digest: value.digest,
        note: `same digest as an earlier ${field}: sent once`
      }
    case 'dropped':
      return {
        input: value.input,
        status: 'dropped',
        reason: value.reason,
        note: `${field} ${quote(value.input)} ${value.reason}`
      }
  }
}

/** A key sent as is: the value mapped, and what user_data holds for it. */
function plainValues(field: string, mapped: unknown, traced: ValueTrace[] | undefined, sent: unknown): ValueView[] {
  const dropped = traced?.find((value) => value.status === 'dropped')
  if (dropped && dropped.status === 'dropped') {
    return [
      {
        input: dropped.input,
        status: 'dropped',
        reason: dropped.reason,
        note: `${field} ${quote(dropped.input)} ${dropped.reason}`
      }
    ]
  }
  const input = typeof mapped === 'string' && mapped.trim() !== '' ? mapped : undefined
  const value = typeof sent === 'string' ? sent : undefined
  if (input === undefined && value === undefined) return []
  if (input === undefined) return [{ status: 'derived', output: value, note: derivedNote(field) }]
  if (value === undefined) return [{ input, status: 'dropped', note: `${field} ${quote(input)} was left out` }]
  return [{ input, status: 'kept', output: value, ...(value !== input && { note: `kept as ${quote(value)}` }) }]
}

function derivedNote(field: string): string {
  return field === 'click_id'
    ? 'not mapped: taken from the epik parameter of event_source_url'
    : 'not mapped: filled by the destination'
}

function quote(value: string): string {
  return `'${value}'`
}
