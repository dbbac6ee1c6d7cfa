import type { Sandbox } from '../sandbox'
import { SANDBOX_EVENTS_ROUTE } from '../sandbox'
import type { Route } from '../router'

/** The sandbox's events endpoint, mounted where Pinterest has it, and a window on what it received. */
export function sandboxRoutes(sandbox: Sandbox): Route[] {
  return [
    {
      method: 'POST',
      path: SANDBOX_EVENTS_ROUTE,
      summary: 'the embedded Pinterest sandbox (Bearer sandbox token, sandbox ad account)',
      handle: (request) => {
        const answer = sandbox.handle({
          method: request.method,
          url: request.url,
          headers: request.headers,
          body: request.rawBody
        })
        return { status: answer.status, headers: answer.headers, body: answer.body }
      }
    },
    {
      method: 'GET',
      path: '/sandbox/requests',
      summary: 'what the sandbox received, oldest first (the last 20 requests)',
      handle: () => {
        const requests = sandbox.received()
        return { status: 200, body: { count: requests.length, requests } }
      }
    },
    {
      method: 'DELETE',
      path: '/sandbox/requests',
      summary: 'forget what the sandbox received',
      handle: () => {
        sandbox.clear()
        return { status: 200, body: { ok: true } }
      }
    }
  ]
}
