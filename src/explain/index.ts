/** Explain one event: what the mapping made of it, what Pinterest gets and why. See docs/playground.md. */
export { explainEvent, type ExplainInput } from './explain'
export { formatExplanation } from './format'
export { settingsView, type SettingsView } from './settings'
export * from './types'
