import http from 'http'
import type { AddressInfo } from 'net'
import { FieldError } from 'pinterest-conversions-tools'
import type { Route } from '../router'
import { createRequestListener } from '../router'

const SECRET = 'pina_router-test-secret-0123456789'

const routes: Route[] = [
  {
    method: 'GET',
    path: '/items/:id',
    summary: 'one item',
    handle: (r) => ({ status: 200, body: { id: r.params.id, q: r.query.get('q') } })
  },
  {
    method: 'POST',
    path: '/echo',
    summary: 'echo',
    handle: (r) => ({ status: 200, body: { got: r.json(), note: `token ${SECRET} here` } })
  },
  {
    method: 'POST',
    path: '/fail',
    summary: 'fails',
    handle: (r) => {
      if ((r.json() as { field?: boolean }).field) throw new FieldError('preset is unknown', 'preset')
      throw new TypeError('cannot read properties of undefined')
    }
  }
]

let server: http.Server
let base: string
beforeAll(async () => {
  server = http.createServer(createRequestListener(routes, { secrets: () => [SECRET] }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function call(method: string, path: string, body?: string) {
  const response = await fetch(base + path, { method, body, headers: { 'content-type': 'application/json' } })
  const text = await response.text()
  return { status: response.status, text, json: JSON.parse(text), headers: response.headers }
}

describe('router', () => {
  it('matches path parameters and the query', async () => {
    expect((await call('GET', '/items/a%20b?q=1')).json).toEqual({ id: 'a b', q: '1' })
  })

  it('answers 404 listing the routes, and 405 with Allow for a known path', async () => {
    const missing = await call('GET', '/nothing')
    expect(missing.status).toBe(404)
    expect(missing.json.routes).toContain('GET /items/:id: one item')
    const wrongMethod = await call('DELETE', '/echo')
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get('allow')).toBe('POST')
  })

  it('turns a body that is not JSON into a 400 naming the body', async () => {
    const answer = await call('POST', '/echo', '{oops')
    expect(answer.status).toBe(400)
    expect(answer.json).toMatchObject({ ok: false, field: 'body' })
  })

  it('answers a FieldError with its status and field, and any other error as a 500 without a stack', async () => {
    const field = await call('POST', '/fail', '{"field": true}')
    expect(field.status).toBe(400)
    expect(field.json).toEqual({ ok: false, error: 'preset is unknown', field: 'preset' })
    const bug = await call('POST', '/fail', '{}')
    expect(bug.status).toBe(500)
    expect(bug.json.error).toBe('Unexpected TypeError: cannot read properties of undefined')
    expect(bug.text).not.toMatch(/\bat .*\.ts:\d+/)
  })

  it('scrubs known secrets from every answer, keeping the JSON intact', async () => {
    const answer = await call('POST', '/echo', JSON.stringify({ [SECRET]: SECRET }))
    expect(answer.text).not.toContain(SECRET)
    expect(answer.json).toEqual({ got: { '[redacted]': '[redacted]' }, note: 'token [redacted] here' })
  })
})
