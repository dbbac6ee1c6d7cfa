// @ts-check

/** Long enough to let a word be typed, short enough to feel live. */
const DEBOUNCE_MS = 350

/**
 * @param {() => void} action
 * @returns {(() => void) & { cancel: () => void }}
 */
export function debounced(action) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer
  const schedule = () => {
    clearTimeout(timer)
    timer = setTimeout(action, DEBOUNCE_MS)
  }
  return Object.assign(schedule, { cancel: () => clearTimeout(timer) })
}
