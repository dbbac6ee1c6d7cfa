import { createHash } from 'crypto'

/** What stands in for a secret wherever one would have appeared. */
export const REDACTED = '[redacted]'

// Shorter values would scrub ordinary words; real conversion tokens are far longer.
const MIN_SECRET_LENGTH = 4

/** The secrets worth scrubbing: non-empty, long enough not to be an ordinary word. */
export function scrubbable(secrets: Iterable<string | undefined>): string[] {
  return [
    ...new Set([...secrets].filter((s): s is string => typeof s === 'string' && s.trim().length >= MIN_SECRET_LENGTH))
  ]
}

/** `text` with every secret replaced. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => result.split(secret).join(REDACTED), text)
}

/** Every string of a JSON value (keys too) with each secret replaced; the structure stays intact. */
export function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value
  if (typeof value === 'string') return scrubText(value, secrets)
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubText(k, secrets), scrub(v, secrets)]))
  }
  return value
}

/**
 * A secret as it is kept for comparison: its SHA-256, one length whatever the secret's, which
 * `crypto.timingSafeEqual` needs, so comparing takes the same time however much of a guess is right.
 */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest()
}
