/**
 * OAuth tokens at rest: AES-256-GCM from node's crypto, with a 32-byte key from
 * TOKEN_ENCRYPTION_KEY, a fresh 12-byte IV per seal, and the record's name as associated data
 * (a sealed value copied under another name does not open). Nothing here is invented: GCM's
 * tag authenticates, so a value changed or sealed with another key fails to open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'crypto'

const VERSION = 'v1'
const IV_BYTES = 12

/**
 * The sandbox's default key: it seals tokens that open nothing but the embedded sandbox. Public
 * on purpose; live mode has no default.
 */
export const SANDBOX_TOKEN_KEY = Buffer.alloc(32, 'pinterest-sandbox-token-key-only!')

export class Sealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('An AES-256 key is 32 bytes.')
  }

  seal(plain: string, name: string): string {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(name))
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((part) => (Buffer.isBuffer(part) ? part.toString('base64url') : part))
      .join('.')
  }

  /** The plain text; throws when the value was changed, sealed under another name, or with another key. */
  open(value: string, name: string): string {
    const [version, iv, tag, sealed] = value.split('.')
    if (version !== VERSION || sealed === undefined) throw new Error('Not a sealed value of this gateway.')
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(name))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8')
  }
}

/** TOKEN_ENCRYPTION_KEY as given: 32 bytes, written as 64 hex digits or in base64; undefined for anything else. */
export function parseTokenKey(text: string): Buffer | undefined {
  const trimmed = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex')
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return undefined
  const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64')
  return key.length === 32 ? key : undefined
}
