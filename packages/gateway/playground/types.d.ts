/**
 * The shapes the page reads from the server (GET /manifest, /examples, /explain, the gateway's
 * admin routes). Types only: the browser never loads this file; `tsc -p playground` checks the
 * modules against it.
 */

export interface Preset {
  name: string
  subscribe: string
  mapping?: Mapping
}

export interface Example {
  name: string
  title: string
  type: string
  presets: string[]
  event: unknown
}

export type Mapping = Record<string, unknown>

export interface FieldDef {
  label: string
  description?: string
  type: string
  required?: boolean
  default?: unknown
  multiple?: boolean
  properties?: Record<string, FieldDef>
  choices?: ({ value: string; label: string } | string)[]
  unsafe_hidden?: boolean
}

export interface Subscription {
  id: string
  name: string
  enabled?: boolean
  trigger: string
  preset?: string
  mapping?: Mapping
  consent?: Consent
}

export interface Consent {
  categories: string[]
  when_missing: 'skip' | 'ldp'
}

export interface SamplePath {
  path: string
  value: unknown
}

export interface SettingsView {
  mode: string
  description: string
  sends: boolean
  ad_account_id: string
  test_mode: boolean
  partner_name?: string
  default_phone_country?: string
}

export interface FieldView {
  field: string
  label: string
  parent?: string
  group?: boolean
  source?: string
  value?: unknown
  errors: string[]
  warnings?: string[]
}

export interface ValueView {
  input?: string
  status: string
  normalized?: string
  digest?: string
  reason?: string
  note?: string
  output?: string
}

export interface UserDataView {
  field: string
  label: string
  pinterestKey: string
  hashed: boolean
  values: ValueView[]
  output?: string | string[]
  errors: string[]
}

export interface ExplainedError {
  message: string
  fields: string[]
  source: string
  status: number
  code?: string
}

export interface SignalView {
  signal: string
  label: string
  priority: string
}

export interface HealthCheckView {
  id: string
  neededFor: string
  status: string
  summary: string
}

export interface HealthView {
  grade: string | null
  carries: SignalView[]
  lacks: SignalView[]
  cannotCarry: SignalView[]
  goodFairBlockers: string[]
  checks: HealthCheckView[]
}

export interface RequestView {
  method: string
  url: string
  headers?: Record<string, string>
  body: unknown
}

export interface ResponseView {
  status: number
  headers?: Record<string, string>
  body: unknown
}

export interface Explanation {
  ok: boolean
  sent: boolean
  fields: FieldView[]
  payloadStage: string
  userData: UserDataView[]
  request: RequestView | null
  response: ResponseView | null
  errors: ExplainedError[]
  health: HealthView | null
}

export type IndexedExplanation = Explanation & { index: number }

export type ExplainAnswer = Explanation & {
  mode: string
  preset?: string
  settings: SettingsView
  events?: IndexedExplanation[]
  error?: string
  field?: string
}

/** GET /gateway/events/:messageId */
export interface EventStory {
  messageId: string
  events: SubscriptionStory[]
}

export interface SubscriptionStory {
  destination: string | null
  subscription: string | null
  state: string
  received_at: string
  updated_at: string
  attempts: number
  in_flight?: boolean
  next_attempt_at?: string
  warnings: { field: string; reason: string }[]
  refusal: { reason: string; message: string; status?: number; fields?: string[] } | null
  pinterest: { http_status?: number; status?: string; error_message?: string; warning_message?: string } | null
  duplicates: number
  history: { at: string; state: string; attempts: number; status?: number; reason?: string }[]
}

export interface WindowCounts {
  delivered: number
  warned: number
  dead_lettered: number
  retried: number
  consent_skipped: number
}

export interface Frequency {
  destination: string
  name: string
  count: number
}

/** GET /gateway/delivery */
export interface Delivery {
  at: string
  subscriptions: {
    destination: string
    subscription: string
    name: string | null
    enabled: boolean
    queued: number
    last_hour: WindowCounts
    last_day: WindowCounts
  }[]
  left_out: { last_hour: Frequency[]; last_day: Frequency[] }
  refusals: { last_hour: Frequency[]; last_day: Frequency[] }
}

/** One of GET /gateway/delivery/dead-letters */
export interface ReadableDeadLetter {
  id: string
  destination: string
  subscription: string
  message_id: string | null
  kind: string
  reason: string
  status: number | null
  fields: string[]
  attempts: number
  accepted_at: string
  dead_at: string
  event: Record<string, unknown>
}
