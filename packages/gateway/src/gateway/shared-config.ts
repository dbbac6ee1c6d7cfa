/**
 * The configuration of gateway instances that share one PostgreSQL store lives in that store:
 * a save on any instance (page or admin route) is routed with by every instance within
 * CONFIG_POLL_MS, and no instance dead-letters the events of a subscription another one just
 * added. The file an instance starts with seeds the store: the stored configuration is used,
 * unless the file changed since it was last seeded (a deploy), in which case the file's is
 * stored and used. So a change of the file and a save from the page both apply, the later wins.
 */
import { createHash } from 'crypto'
import type { SharedConfigStore } from '../queue'
import { FieldError } from 'pinterest-conversions-tools'
import type { LoadedConfig } from './config'
import { checkConfig, defaultConfig } from './config'
import type { GatewayConfig } from './types'

/** How often an instance asks the store whether another one saved. */
export const CONFIG_POLL_MS = 2000

/** Where a shared configuration is saved, as the page and the banner name it. */
export const SHARED_PATH = 'the database (DATABASE_URL), shared by every instance'

/** The configuration this instance starts with, once reconciled with the store's. */
export async function reconcileConfig(loaded: LoadedConfig, store: SharedConfigStore): Promise<LoadedConfig> {
  const seed = digest(configText(loaded.config))
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await store.read()
    if (stored && stored.seed === seed) return loadedFromStore(parseStored(stored.text), stored.version, seed)
    const version = await store.write(configText(loaded.config), seed, stored?.version ?? 0)
    if (version !== undefined) return loadedFromStore(loaded.config, version, seed)
  }
  throw new FieldError('The shared configuration kept changing while this instance started; start it again.', 'CONFIG')
}

export function loadedFromStore(config: GatewayConfig, version: number, seed: string): LoadedConfig {
  return {
    config,
    path: SHARED_PATH,
    isDefault: configText(config) === configText(defaultConfig()),
    shared: { version, seed }
  }
}

/** A stored configuration, checked as a file is: another instance wrote it, perhaps another release. */
export function parseStored(text: string): GatewayConfig {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new FieldError(`The shared configuration is not JSON: ${(error as Error).message}.`, 'CONFIG')
  }
  return checkConfig(parsed)
}

export function configText(config: GatewayConfig): string {
  return JSON.stringify(config)
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
