// @ts-check
/**
 * The mapping checked by the gateway as it is edited (POST /gateway/mappings/check), by the rules
 * Save applies: what it refuses is shown beside its field, and Save waits until it is fixed.
 */
import { getJson } from './api.js'
import { debounced } from './debounce.js'
import { byId } from './dom.js'
import { MAPPING_CHANGED } from './editor.js'
import { mappingToSave } from './mapping.js'
import { setMappingError } from './subscriptions.js'

const MAPPING_FIELD = 'subscription.mapping.'
let checkNumber = 0

async function checkMapping() {
  const number = ++checkNumber
  /** @type {{ status: number, body: any }} */
  let answer
  try {
    answer = await getJson('/gateway/mappings/check', { method: 'POST', body: JSON.stringify(mappingToSave()) })
  } catch {
    return
  }
  // Without the gateway (404) nothing can be saved anyway: the panel of subscriptions says so.
  if (number !== checkNumber || answer.status !== 200) return
  const { ok, field, error } = answer.body ?? {}
  if (ok === false && typeof field === 'string' && field.startsWith(MAPPING_FIELD))
    setMappingError({ field: field.slice(MAPPING_FIELD.length), message: String(error) })
  else setMappingError(null)
}

export function mountMappingCheck() {
  byId('editor').addEventListener(
    MAPPING_CHANGED,
    debounced(() => void checkMapping())
  )
}
