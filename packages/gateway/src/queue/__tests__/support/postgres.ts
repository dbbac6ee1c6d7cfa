/**
 * A throwaway PostgreSQL cluster for tests, run from the machine's own binaries (Debian's
 * postgresql package): initdb into a temporary folder, a server on a free loopback port, stopped
 * and deleted afterwards. Start one per test file (startup takes a second or two) and make a
 * database per test with createDatabase().
 *
 *   let pg: PostgresServer
 *   beforeAll(async () => (pg = await startPostgres()))
 *   afterAll(() => pg?.stop())
 */
import { execFile, spawnSync } from 'child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs'
import { createServer } from 'net'
import { tmpdir } from 'os'
import { delimiter, join } from 'path'
import { Client } from 'pg'

export interface PostgresServer {
  /** The `postgres` database, as the superuser `postgres` (trust authentication). */
  url: string
  port: number
  /** A new empty database; answers its connection string. */
  createDatabase(): Promise<string>
  /** Stops the server at once (pg_ctl stop -m immediate) and deletes its folder. */
  stop(): Promise<void>
}

interface Binaries {
  initdb: string
  pgCtl: string
}

const PREFIX = 'queue-test-pg-'
const OWNER_FILE = 'owner.pid'
const MISSING =
  'PostgreSQL binaries (initdb, pg_ctl) were found neither on PATH nor under /usr/lib/postgresql/*/bin: ' +
  '.ci/run installs postgresql (apt-get install -y postgresql).'

/** Clusters of this process still running: stopped on exit if a test file did not stop them. */
const running = new Map<string, () => void>()
let databases = 0

/**
 * `settings` are server settings (`-c name=value`) over the defaults, which favour speed over
 * durability (fsync=off): pass { fsync: 'on', full_page_writes: 'on' } to measure real commits.
 */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PostgresServer> {
  const binaries = findBinaries()
  if (!binaries) throw new Error(MISSING)
  sweepOrphans(binaries)
  const root = mkdtempSync(join(tmpdir(), PREFIX))
  writeFileSync(join(root, OWNER_FILE), String(process.pid))
  const sockets = join(root, 'sockets')
  mkdirSync(sockets)
  const data = join(root, 'data')
  const runAs = serverUser()
  if (runAs) for (const dir of [root, sockets]) chownSync(dir, runAs.uid, runAs.gid)
  const stopSync = () => stopCluster(binaries, root)
  running.set(root, stopSync)
  registerExitHandlers()
  try {
    await run(runAs, binaries.initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8'], root, [
      '--locale=C',
      '--no-sync',
      '--no-instructions'
    ])
    const port = await startServer(binaries, runAs, root, data, sockets, settings)
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`
    await waitForConnections(url)
    return {
      url,
      port,
      createDatabase: () => createDatabase(url, port),
      stop: async () => {
        running.delete(root)
        stopSync()
      }
    }
  } catch (error) {
    running.delete(root)
    stopSync()
    throw error
  }
}

/** Whether initdb and pg_ctl are where startPostgres looks for them. */
export function postgresInstalled(): boolean {
  return findBinaries() !== undefined
}

function findBinaries(): Binaries | undefined {
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join('/usr/lib/postgresql', version, 'bin'))
    : []
  for (const dir of [...onPath, ...debian]) {
    const initdb = join(dir, 'initdb')
    const pgCtl = join(dir, 'pg_ctl')
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl }
  }
  return undefined
}

/** initdb and postgres refuse to run as root: as root, the server runs as the `postgres` system user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' })
  const uid = id('-u')
  const gid = id('-g')
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('Tests run as root and there is no `postgres` user to run PostgreSQL as. ' + MISSING)
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

function command(runAs: unknown, file: string, args: string[]): [string, string[]] {
  return runAs ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]
}

function run(runAs: unknown, file: string, args: string[], cwd: string, extra: string[] = []): Promise<string> {
  const [program, argv] = command(runAs, file, [...args, ...extra])
  return new Promise((resolve, reject) => {
    // cwd: a folder the postgres user can enter (the project's may not be).
    execFile(program, argv, { cwd, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${argv.join(' ')} failed: ${error.message}\n${stdout}${stderr}`))
      else resolve(stdout)
    })
  })
}

async function startServer(
  binaries: Binaries,
  runAs: unknown,
  root: string,
  data: string,
  sockets: string,
  settings: Record<string, string>
): Promise<number> {
  const all = { listen_addresses: '127.0.0.1', fsync: 'off', full_page_writes: 'off', ...settings }
  const extra = Object.entries(all).map(([name, value]) => `-c ${name}=${value}`)
  // A free port can be taken between the probe and the start: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const options = [`-p ${port}`, `-k ${sockets}`, ...extra].join(' ')
    try {
      await run(runAs, binaries.pgCtl, ['start', '-D', data, '-l', join(root, 'server.log'), '-w', '-t', '30'], root, [
        '-s',
        '-o',
        options
      ])
      return port
    } catch (error) {
      if (attempt === 3) throw new Error(`${(error as Error).message}\n${serverLog(root)}`)
    }
  }
}

function serverLog(root: string): string {
  try {
    return readFileSync(join(root, 'server.log'), 'utf8')
  } catch {
    return ''
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function waitForConnections(url: string): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const client = new Client({ connectionString: url })
    try {
      await client.connect()
      await client.query('SELECT 1')
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    } finally {
      await client.end().catch(() => undefined)
    }
  }
}

async function createDatabase(url: string, port: number): Promise<string> {
  const name = `test_${process.pid}_${++databases}`
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${name}`)
  } finally {
    await client.end()
  }
  return `postgresql://postgres@127.0.0.1:${port}/${name}`
}

/** Synchronous, so it can run in an exit handler. */
function stopCluster(binaries: Binaries, root: string): void {
  const data = join(root, 'data')
  if (existsSync(join(data, 'postmaster.pid'))) {
    const [program, argv] = command(serverUser(), binaries.pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w', '-s'])
    spawnSync(program, argv, { cwd: root, stdio: 'ignore' })
  }
  rmSync(root, { recursive: true, force: true })
}

/** Clusters left by a test process that was killed before it could stop them. */
function sweepOrphans(binaries: Binaries): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue
    const root = join(tmpdir(), entry)
    let owner: number
    try {
      owner = Number(readFileSync(join(root, OWNER_FILE), 'utf8'))
    } catch {
      continue // still being created, or not ours
    }
    if (!isAlive(owner)) stopCluster(binaries, root)
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

let exitHandlers = false
function registerExitHandlers(): void {
  if (exitHandlers) return
  exitHandlers = true
  const stopAll = () => {
    for (const stop of running.values()) stop()
    running.clear()
  }
  process.on('exit', stopAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      stopAll()
      process.kill(process.pid, signal)
    })
  }
}
