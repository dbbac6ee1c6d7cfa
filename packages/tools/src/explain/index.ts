/** Explain one event: what the mapping made of it, what Pinterest gets and why. See docs/playground.md. */
export { explainEvent } from './explain'
export type { ExplainInput } from './explain'
export { formatExplanation } from './format'
export { settingsView } from './settings'
export type { SettingsView } from './settings'
export * from './types'
