// The hashing seam: a port to Segment's monorepo replaces this file with lib/hashing-utils,
// which calls createHash itself. Nothing else in the destination imports it.
// eslint-disable-next-line no-restricted-syntax
import { createHash, hash } from 'crypto'

const SHA256_HEX = /^[0-9a-fA-F]{64}$/

// crypto.hash (Node 20.12 and later) digests in one call, without the Hash object createHash
// builds for every value; Node 18 only has createHash. Chosen once, at load.
const sha256Hex: (value: string) => string =
  typeof hash === 'function'
    ? (value) => hash('sha256', value, 'hex')
    : (value) => createHash('sha256').update(value).digest('hex')

/**
 * Segment's `processHashing(value, method, digest, cleaningFunction)` for the one method and
 * digest Pinterest takes, with its behaviour: an empty value gives '', a value that already is
 * a digest comes back as it is, anything else is cleaned and then hashed (lowercase hex).
 * Ported into Segment's monorepo, callers import Segment's helper instead and stay unchanged.
 */
export function processHashing(
  value: string,
  _encryptionMethod: 'sha256',
  _digest: 'hex',
  cleaningFunction?: (value: string) => string
): string {
  if (value.trim() === '') return ''
  if (isAlreadyHashed(value, 'sha256', 'hex')) return value
  return sha256Hex(cleaningFunction ? cleaningFunction(value) : value)
}

/** Segment's `isAlreadyHashed`: 64 hex characters, either case. */
export function isAlreadyHashed(value: string, _encryptionMethod: 'sha256', _digest: 'hex'): boolean {
  return value.length === 64 && SHA256_HEX.test(value)
}
