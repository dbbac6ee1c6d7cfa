/**
 * The tools around the destination: its runtime over actions-core (the destination run as a
 * Segment-compatible runtime runs it, with mappings, FQL routing and errors a person can act
 * on), the embedded Pinterest sandbox, explain and conversion health. They reach the destination
 * through its package entry only; the gateway and its apps reach them through this one.
 */
export { isObject } from './json'

// The runtime: the destination through actions-core, and what surrounds one run.
export { LocalDestination, localDefinition, testAuthentication } from './local/local-destination'
export type { LocalRun } from './local/local-destination'
export type { MultiStatus, MultiStatusEntry } from './local/multistatus'
export { automaticPresets, defaultMapping, presetNamed, resolveMapping } from './local/mappings'
export type { AutomaticPreset, MappingChoice } from './local/mappings'
export { subscriptionOf } from './local/subscriptions'
export { targetsFor, targetsTaking } from './local/routing'
export type { RoutingChoice, Target } from './local/routing'
export { isEventObject, parseEventLine, withoutNullContext, withTimestamp } from './local/segment-event'
export { describeEntry, describeError, failureBodyOf, FieldError } from './local/errors'
export type { ErrorDescription } from './local/errors'
export { FrameworkRefusal } from './local/refusal'
export { exchangeOf } from './local/exchange'
export type { Exchange } from './local/exchange'
export { silentLogger, streamLogger } from './local/logger'
export { describeTarget, ENV, modeFromEnv, SANDBOX_SETTINGS } from './local/mode'
export type { Mode } from './local/mode'
export { REDACTED, scrub, scrubbable, scrubText, secretDigest } from './local/redact'
export { createSentHealth, formatSentHealthReport, sentEventOf } from './local/sent-health'
export type { NotSent, SentHealth, SentHealthReport } from './local/sent-health'

// The embedded Pinterest sandbox, and where a run's requests go.
export {
  bearerToken,
  createSandbox,
  SANDBOX_AD_ACCOUNT_ID,
  SANDBOX_CONVERSION_TOKEN,
  SANDBOX_EVENTS_ROUTE,
  SANDBOX_PINTEREST_ROUTES,
  TEST_MODE_HEADER
} from './sandbox/sandbox'
export type {
  Fault,
  ReceivedRequest,
  Sandbox,
  SandboxOptions,
  SandboxRequest,
  SandboxResponse,
  SandboxTotals
} from './sandbox/sandbox'
export { SANDBOX_AD_ACCOUNTS, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from './sandbox/account'
export type { TokenKind } from './sandbox/account'
export { DELETION_PENDING_SECONDS } from './sandbox/deletions'
export type { DeletionState } from './sandbox/deletions'
export { EQS_LOOKBACK_PERIODS } from './sandbox/quality'
export type { LookbackPeriod } from './sandbox/quality'
export {
  capture,
  PINTEREST_API_ORIGIN,
  PINTEREST_WEB_ORIGIN,
  rebase,
  sandboxFetch,
  toSandbox
} from './sandbox/transport'
export type { BodySink, Transport } from './sandbox/transport'

// Explain one event; conversion health over many.
export * from './explain'
export * from './health'
