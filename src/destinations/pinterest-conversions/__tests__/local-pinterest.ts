/** A real HTTP server on 127.0.0.1 standing in for Pinterest, for what nock cannot show (large answers, broken sockets). */
import type { IncomingMessage, ServerResponse } from 'http'
import { createServer } from 'http'
import type { AddressInfo } from 'net'
import type { EventsRequest } from '../contract'
import { expectContract } from './pinterest-fake'

export type Handler = (body: EventsRequest, req: IncomingMessage, res: ServerResponse) => void

export interface LocalPinterest {
  /** Use as the api_base_url setting. */
  baseUrl: string
  bodies: EventsRequest[]
  close(): Promise<void>
}

const open: LocalPinterest[] = []

// Closed here rather than in each test's `finally`: a test that hangs on a response never
// reaches its `finally`, and the open socket would then keep jest from exiting.
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()))
})

/** Starts a stand-in for Pinterest on an ephemeral port; it is closed after the test. */
export async function localPinterest(handler: Handler): Promise<LocalPinterest> {
  const bodies: EventsRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EventsRequest
      bodies.push(body)
      expectContract(body)
      handler(body, req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const local: LocalPinterest = {
    baseUrl: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  open.push(local)
  return local
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}
