/**
 * A dead letter's event as the page shows it: its shape and the values that say why it was
 * refused (an event name, a currency, a price), and no personal value in clear. A value is
 * masked when its key names personal data, when it sits in the person's traits, or when it reads
 * as an email or a phone number wherever it is: "j•••@e•••.com", "+1•••67".
 */
import { isObject } from 'pinterest-conversions-tools'

const MASK = '•••'

/** Keys whose values identify a person, whatever they hold. */
const PERSONAL_KEY =
  /e-?mail|phone|^ph$|(first|last|full|user|display)_?name|address|street|^city$|^zip|postal|birth|^dob$|gender|^ip$|user_?agent|user_?id|anonymous_?id|external_?id|advertising_?id|device_?id|^idfa$|^gaid$|maid|^epik$|click_?id/i
/** Objects whose every value is about the person: Segment's traits. */
const PERSONAL_OBJECT = /^traits$/i
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/
/** Seven digits or more, and nothing but what a phone number is written with. */
const PHONE = /^\+?[\d\s().-]{7,}$/

export function maskedEvent(event: Record<string, unknown>): Record<string, unknown> {
  return maskedObject(event, false)
}

function maskedObject(object: Record<string, unknown>, personal: boolean): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).map(([key, value]) => [
      key,
      maskedValue(value, personal || PERSONAL_KEY.test(key) || PERSONAL_OBJECT.test(key))
    ])
  )
}

function maskedValue(value: unknown, personal: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => maskedValue(item, personal))
  if (isObject(value)) return maskedObject(value, personal)
  if (typeof value === 'number' && personal) return MASK
  if (typeof value !== 'string') return value
  if (EMAIL.test(value)) return maskedEmail(value)
  if (personal || (PHONE.test(value) && value.replace(/\D/g, '').length >= 7)) return masked(value)
  return value
}

/** The first letter of the name and of the domain, and the domain's last label: enough to tell two apart. */
function maskedEmail(value: string): string {
  const at = value.lastIndexOf('@')
  const domain = value.slice(at + 1)
  const dot = domain.lastIndexOf('.')
  return `${value.slice(0, 1)}${MASK}@${domain.slice(0, 1)}${MASK}${domain.slice(dot)}`
}

/** Long values keep their first character and last two; short ones nothing. */
function masked(value: string): string {
  return value.length < 8 ? MASK : `${value.slice(0, 1)}${MASK}${value.slice(-2)}`
}
