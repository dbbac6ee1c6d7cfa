import { hash } from 'crypto'

const SHA256_HEX = /^[0-9a-fA-F]{64}$/

/** Lowercase hex SHA-256 of the UTF-8 bytes of `value`. The one-shot `crypto.hash` is the cheapest way Node offers. */
export function sha256(value: string): string {
  return hash('sha256', value, 'hex')
}

/** True when `value` already is a SHA-256 digest (64 hex characters, either case). */
export function isSha256Digest(value: string): boolean {
  return value.length === 64 && SHA256_HEX.test(value)
}
