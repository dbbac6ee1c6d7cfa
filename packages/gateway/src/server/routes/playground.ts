/**
 * The playground page (`GET /`), its style sheet and its modules, served from playground/ in the
 * repo as they are: no build step. Only the files listed here are served, so no request path
 * ever reaches the file system. The Content-Security-Policy holds the page to this server.
 */
import { readFileSync } from 'fs'
import { join } from 'path'
import type { Answer, Route } from '../router'

/** playground/ at the root of the repo, found from src/server/routes as from dist/server/routes. */
const PLAYGROUND_DIR = join(__dirname, '..', '..', '..', 'playground')

/** main.js and every module it imports; types.d.ts is for the type check only, never loaded. */
const MODULES = [
  'main.js',
  'api.js',
  'controls.js',
  'dead-letters.js',
  'debounce.js',
  'delivery.js',
  'dom.js',
  'editor.js',
  'field-groups.js',
  'field-row.js',
  'health.js',
  'health-words.js',
  'mapping.js',
  'mapping-check.js',
  'consent.js',
  'overlap.js',
  'pickers.js',
  'pinterest.js',
  'preview.js',
  'produced.js',
  'refusal-words.js',
  'results.js',
  'sample.js',
  'samples.js',
  'settings.js',
  'sign-in.js',
  'state.js',
  'story.js',
  'subscriptions.js',
  'trigger.js',
  'values.js'
]

// A Map, not an object: the name is the client's, and "constructor" must not find a type.
const FILES = new Map<string, string>([
  ['playground.css', 'text/css; charset=utf-8'],
  ...MODULES.map((name): [string, string] => [name, 'text/javascript; charset=utf-8'])
])

const HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Edits to playground/ show on reload, without a restart.
  'cache-control': 'no-store'
}

export function playgroundRoutes(dir = PLAYGROUND_DIR): Route[] {
  return [
    {
      method: 'GET',
      path: '/',
      summary: 'the playground: pick a preset and an event, see what Pinterest gets and why',
      handle: () => file(dir, 'index.html', 'text/html; charset=utf-8')
    },
    {
      method: 'GET',
      path: '/playground/:file',
      summary: "the playground page's modules and style sheet",
      handle: (request) => {
        const type = FILES.get(request.params.file)
        if (!type)
          return {
            status: 404,
            body: { ok: false, error: `No playground file ${request.params.file}.`, field: 'file' }
          }
        return file(dir, request.params.file, type)
      }
    }
  ]
}

function file(dir: string, name: string, type: string): Answer {
  return { status: 200, text: readFileSync(join(dir, name), 'utf8'), headers: { 'content-type': type, ...HEADERS } }
}
