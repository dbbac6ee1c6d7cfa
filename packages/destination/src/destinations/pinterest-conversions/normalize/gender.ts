import { drop, Normalized } from './result'

// A Map, not an object: the key is the event's, and "constructor" must not find a function.
const GENDERS = new Map<string, 'f' | 'm' | 'n'>([
  ['f', 'f'],
  ['female', 'f'],
  ['woman', 'f'],
  ['w', 'f'],
  ['m', 'm'],
  ['male', 'm'],
  ['man', 'm'],
  ['n', 'n'],
  ['x', 'n'],
  ['nb', 'n'],
  ['nonbinary', 'n'],
  ['enby', 'n'],
  ['genderqueer', 'n'],
  ['genderfluid', 'n'],
  ['agender', 'n']
])

/** Pinterest's three values: f, m, n. Spelling variants ("Non-Binary", "FEMALE") are folded first. */
export function normalizeGender(value: string): Normalized {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
  return GENDERS.get(key) ?? drop('is not f, m or n (female, male, non-binary)')
}
