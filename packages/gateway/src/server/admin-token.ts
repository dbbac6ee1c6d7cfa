/**
 * The admin token when ADMIN_TOKEN is not set: generated at the first start and kept in
 * DATA_DIR/admin-token (mode 0600), so the admin routes are never open and a restart keeps the
 * page's sign-in link working. Whoever can read that file is this gateway's administrator, as
 * whoever can read its queue already sees every event.
 */
import { randomBytes } from 'crypto'
import { existsSync, readFileSync, writeFileSync } from 'fs'
import { join } from 'path'
import { ADMIN_TOKEN_VARIABLE, MIN_ADMIN_TOKEN_LENGTH } from './environment'

export const ADMIN_TOKEN_FILE = 'admin-token'

export interface AdminToken {
  token: string
  /** The file it is kept in; none when ADMIN_TOKEN gave it. */
  file?: string
}

/** ADMIN_TOKEN when set; else the one kept in `dataDir`, made there when there is none. */
export function adminTokenOf(environment: { adminToken?: string; dataDir: string }): AdminToken {
  if (environment.adminToken !== undefined) return { token: environment.adminToken }
  const file = join(environment.dataDir, ADMIN_TOKEN_FILE)
  const kept = readAdminTokenFile(environment.dataDir)
  if (kept !== undefined) return { token: kept, file }
  const token = randomBytes(32).toString('base64url')
  // 'wx': never over a file another process wrote meanwhile.
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' })
  return { token, file }
}

/** The token kept in `dataDir` (the CLI reads it too); undefined when there is none. */
export function readAdminTokenFile(dataDir: string): string | undefined {
  const file = join(dataDir, ADMIN_TOKEN_FILE)
  if (!existsSync(file)) return undefined
  const token = readFileSync(file, 'utf8').trim()
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new Error(
      `${file} holds no admin token of ${MIN_ADMIN_TOKEN_LENGTH} characters or more: delete it to have one generated, or set ${ADMIN_TOKEN_VARIABLE}.`
    )
  }
  return token
}
