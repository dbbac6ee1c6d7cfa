/**
 * A minimal npm registry on 127.0.0.1 serving the packages already in a node_modules folder, so
 * a test can `npm install` as a consumer would without reaching the public registry. Every copy
 * found there is a version, under the name in its package.json: an alias such as
 * `fast-uri-newest` (npm:fast-uri@^3) is served as one more version of fast-uri.
 */
import { execFile } from 'child_process'
import { existsSync, readdirSync, readFileSync } from 'fs'
import type { Server } from 'http'
import { createServer } from 'http'
import type { AddressInfo } from 'net'
import { join } from 'path'

interface Manifest {
  name: string
  version: string
  [key: string]: unknown
}

export interface StubRegistry {
  url: string
  close(): Promise<void>
}

/** Serves every package of the given node_modules folders (a workspace's, and a package's own). */
export async function startStubRegistry(...folders: string[]): Promise<StubRegistry> {
  const packages = new Map<string, Versions>()
  for (const folder of folders) if (existsSync(folder)) collect(folder, packages)
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://registry').pathname)
    const tarball = /^\/-\/tarball\/(.+)\/([^/]+)$/.exec(path)
    const name = tarball ? tarball[1] : path.slice(1)
    const versions = packages.get(name)
    if (!versions) return void res.writeHead(404).end()
    if (tarball) {
      const dir = versions.get(tarball[2])?.dir
      if (!dir) return void res.writeHead(404).end()
      return pack(dir, (error, data) => {
        if (error) return void res.writeHead(500).end(error.message)
        res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(data)
      })
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(packument(name, versions, url)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, close: () => close(server) }
}

type Versions = Map<string, { manifest: Manifest; dir: string }>

/** Every package under `nodeModules`, nested copies included: name → version → where it is. */
function collect(nodeModules: string, found = new Map<string, Versions>()): Map<string, Versions> {
  for (const entry of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue
    const dir = join(nodeModules, entry.name)
    if (entry.name.startsWith('@')) {
      collect(dir, found)
      continue
    }
    let manifest: Manifest
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
    } catch {
      continue // not a package (a folder npm left behind)
    }
    if (!found.has(manifest.name)) found.set(manifest.name, new Map())
    found.get(manifest.name)?.set(manifest.version, { manifest, dir })
    if (existsSync(join(dir, 'node_modules'))) collect(join(dir, 'node_modules'), found)
  }
  return found
}

function packument(name: string, versions: Versions, url: string) {
  const manifests: Record<string, Manifest> = {}
  for (const [version, { manifest }] of versions) {
    manifests[version] = { ...manifest, dist: { tarball: `${url}/-/tarball/${name}/${version}` } }
  }
  // Numeric collation orders x.y.z releases as semver does; node_modules holds no prereleases.
  const latest = [...versions.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop()
  return { name, 'dist-tags': { latest }, versions: manifests }
}

/** The package folder as a registry tarball: gzipped, every path under `package/`, without its node_modules. */
function pack(dir: string, done: (error: Error | null, data: Buffer) => void): void {
  execFile(
    'tar',
    ['-czf', '-', '-C', dir, '--exclude=./node_modules', '--transform=s,^\\.,package,', '.'],
    { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
    (error, stdout) => done(error, stdout)
  )
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}
