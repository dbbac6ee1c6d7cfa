import { drop, Normalized } from './result'

// Deliberately loose: one "@" with something on both sides and no spaces. Pinterest matches
// on the exact address, so rejecting rare-but-valid forms would cost more than it saves.
const EMAIL = /^[^\s@]+@[^\s@]+$/

export function normalizeEmail(value: string): Normalized {
  const email = value.trim().toLowerCase()
  return EMAIL.test(email) ? email : drop('is not an email address')
}
