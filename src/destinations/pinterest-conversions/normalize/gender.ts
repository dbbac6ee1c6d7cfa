import { drop, Normalized } from './result'

const GENDERS: Record<string, 'f' | 'm' | 'n'> = {
  f: 'f',
  female: 'f',
  woman: 'f',
  w: 'f',
  m: 'm',
  male: 'm',
  man: 'm',
  n: 'n',
  x: 'n',
  nb: 'n',
  nonbinary: 'n',
  enby: 'n',
  genderqueer: 'n',
  genderfluid: 'n',
  agender: 'n'
}

/** Pinterest's three values: f, m, n. Spelling variants ("Non-Binary", "FEMALE") are folded first. */
export function normalizeGender(value: string): Normalized {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
  return GENDERS[key] ?? drop('is not f, m or n (female, male, non-binary)')
}
