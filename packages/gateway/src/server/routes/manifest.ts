import type { DestinationDefinition } from '@segment/actions-core'
import destination from 'pinterest-conversions'
import type { Route } from '../router'

/** `GET /manifest`: the destination as data: settings, actions with their fields, presets. */
export function manifestRoute(): Route {
  const manifest = manifestOf(destination)
  return {
    method: 'GET',
    path: '/manifest',
    summary: 'the destination: settings, actions with fields, presets',
    handle: () => ({ status: 200, body: manifest })
  }
}

function manifestOf<S>(definition: DestinationDefinition<S>): object {
  const { name, slug, mode, description, authentication, presets, actions } = definition
  return jsonOnly({
    name,
    slug,
    mode,
    description,
    settings: authentication?.fields ?? {},
    actions: Object.fromEntries(
      Object.entries(actions).map(([actionSlug, action]) => [
        actionSlug,
        {
          title: action.title,
          description: action.description,
          defaultSubscription: action.defaultSubscription,
          batch: typeof action.performBatch === 'function',
          fields: action.fields
        }
      ])
    ),
    presets: presets ?? []
  })
}

/** Through JSON and back: functions (perform, dynamic fields) are dropped, the rest is kept as it is. */
function jsonOnly<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}
