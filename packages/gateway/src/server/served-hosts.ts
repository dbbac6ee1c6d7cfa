/**
 * The names this gateway answers to, and the pages that may change it. A browser page on another
 * site can make a browser send requests here: with a name of its own that resolves to this
 * machine (DNS rebinding) it could even read the answers, and with a "simple" cross-site POST
 * it could change the configuration. Both are refused by name: the Host must be one this gateway
 * serves, and a request that changes something must come from no page (curl, the CLI) or from
 * this gateway's own.
 */
import { isIP } from 'net'

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']
const WILDCARDS = ['0.0.0.0', '::', '[::]']

export class ServedHosts {
  private port?: string
  private names = new Set<string>()
  private anyAddress = false

  /** `publicUrl`: PUBLIC_URL, the address a proxy in front of the gateway serves it at. */
  constructor(private readonly publicUrl?: URL) {}

  /** Where the server listens: HOST as the operator gave it (`127.0.0.1`, `0.0.0.0`, a name), and the port. */
  listening(host: string, port: number): void {
    const name = host.toLowerCase()
    this.port = String(port)
    this.anyAddress = WILDCARDS.includes(name)
    this.names = new Set([...LOOPBACK_NAMES, isIP(name) === 6 ? `[${name}]` : name])
  }

  /** Whether a Host header names this gateway; a request without one comes from no browser. */
  servesHost(header: string | undefined): boolean {
    if (header === undefined) return true
    const url = parseHost(`http://${header}`)
    return url !== undefined && this.serves(url)
  }

  /** Whether a page of this origin may change what the gateway does: this gateway's own, by any of its names. */
  trustsOrigin(header: string): boolean {
    const url = parseHost(header)
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false
    return url.origin === this.publicUrl?.origin || this.serves(url)
  }

  private serves(url: URL): boolean {
    const { publicUrl } = this
    if (publicUrl && url.hostname === publicUrl.hostname && (url.port === '' || url.port === portOf(publicUrl)))
      return true
    if (this.port === undefined || (url.port !== this.port && !(url.port === '' && this.port === '80'))) return false
    // Listening on every address, the gateway is reached by any of the machine's: a literal
    // address is no rebinding, which needs a name the attacker's DNS answers for.
    return this.names.has(url.hostname) || (this.anyAddress && isIP(url.hostname.replace(/^\[|\]$/g, '')) !== 0)
  }
}

function parseHost(text: string): URL | undefined {
  try {
    const url = new URL(text)
    return url.username === '' && url.password === '' && (url.pathname === '/' || url.pathname === '') ? url : undefined
  } catch {
    return undefined
  }
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80')
}
