// @ts-check
/** The form's controls that several views read or set. */
import { byId } from './dom.js'

export const form = /** @type {HTMLFormElement} */ (byId('input'))
export const presetSelect = /** @type {HTMLSelectElement} */ (byId('preset'))
export const exampleSelect = /** @type {HTMLSelectElement} */ (byId('example'))
export const eventInput = /** @type {HTMLTextAreaElement} */ (byId('event'))
export const nameInput = /** @type {HTMLInputElement} */ (byId('sub-name'))
export const triggerInput = /** @type {HTMLInputElement} */ (byId('trigger'))
export const enabledBox = /** @type {HTMLInputElement} */ (byId('sub-enabled'))
export const testMode = /** @type {HTMLInputElement} */ (byId('test-mode'))
export const sendBox = /** @type {HTMLInputElement} */ (byId('send'))
export const runButton = /** @type {HTMLButtonElement} */ (byId('run'))
export const saveButton = /** @type {HTMLButtonElement} */ (byId('save'))
export const results = byId('results')
export const status = byId('status')
