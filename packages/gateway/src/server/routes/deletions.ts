/**
 * Deletion requests over HTTP (admin): file one for emails and/or EPIKs (Pinterest is asked to
 * delete their conversions, and their events still here are purged), list them, follow one
 * until done, cancel one in its first 72 hours.
 */
import type { Gateway } from '../../gateway/gateway'
import type { Route } from '../router'

export function deletionRoutes(gateway: Gateway): Route[] {
  const { deletions } = gateway
  return [
    {
      method: 'POST',
      path: '/gateway/deletions',
      access: 'admin',
      summary:
        '{"emails": [...], "epiks": [...]}: a deletion request filed with Pinterest; these people\'s events here purged',
      handle: async (request) => ({ status: 201, body: await deletions.file(request.json()) })
    },
    {
      method: 'GET',
      path: '/gateway/deletions',
      access: 'admin',
      summary: 'the deletion requests filed, newest first (counts and digests only)',
      handle: async () => ({ status: 200, body: { deletions: await deletions.list() } })
    },
    {
      method: 'GET',
      path: '/gateway/deletions/:id',
      access: 'admin',
      summary: "a deletion request, with Pinterest's state",
      handle: async (request) => ({ status: 200, body: await deletions.show(request.params.id) })
    },
    {
      method: 'DELETE',
      path: '/gateway/deletions/:id',
      access: 'admin',
      summary: 'cancel a deletion request (in its first 72 hours)',
      handle: async (request) => ({ status: 200, body: await deletions.cancel(request.params.id) })
    }
  ]
}
