// @ts-check
/**
 * Signing the page in. The routes it uses (the subscriptions, explain, the sandbox's requests)
 * are admin routes: they need the admin token, or the session the page opens with it. The link
 * `npm start` prints carries the token in the address's fragment (`#admin=...`), which the
 * browser sends to no server: the page exchanges it at once for an HttpOnly session cookie (no
 * script here keeps the token) and removes it from the address bar and the history. Without a
 * session, the page asks for the token. So it works the same whether ADMIN_TOKEN was set or the
 * gateway generated one.
 */
import { getJson } from './api.js'
import { h } from './dom.js'

/** Resolves once this browser holds a session. */
export async function signIn() {
  const token = new URLSearchParams(location.hash.slice(1)).get('admin')
  if (token !== null) {
    history.replaceState(null, '', location.pathname + location.search)
    if ((await exchange(token)).ok) return
  }
  const session = await getJson('/admin/session')
  if (session.body?.signed_in === true) return
  await askForToken()
}

/**
 * @param {string} token
 * @returns {Promise<{ ok: boolean, error?: string }>}
 */
async function exchange(token) {
  const answer = await getJson('/admin/session', { method: 'POST', body: JSON.stringify({ token }) })
  return answer.status === 200 ? { ok: true } : { ok: false, error: answer.body?.error ?? `answered ${answer.status}` }
}

/** A form over the page until the token typed opens a session. */
function askForToken() {
  const input = /** @type {HTMLInputElement} */ (
    h('input', { id: 'admin-token', type: 'password', autocomplete: 'current-password', required: true })
  )
  const error = h('p', { id: 'sign-in-error', class: 'error', role: 'alert' })
  const form = /** @type {HTMLFormElement} */ (
    h('form', { class: 'sign-in', 'aria-labelledby': 'sign-in-title' }, [
      h('h2', { id: 'sign-in-title' }, ['Sign in to this gateway']),
      h('p', {}, [
        'Open the sign-in link npm start printed, or paste the admin token: ADMIN_TOKEN, or the one kept in DATA_DIR/admin-token.'
      ]),
      h('label', { for: 'admin-token' }, ['Admin token']),
      input,
      h('button', { type: 'submit' }, ['Sign in']),
      error
    ])
  )
  const overlay = h('div', { class: 'sign-in-overlay' }, [form])
  document.body.append(overlay)
  input.focus()
  return new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      error.textContent = ''
      void exchange(input.value.trim()).then((result) => {
        if (!result.ok) {
          error.textContent = result.error ?? 'That is not the admin token.'
          input.select()
          return
        }
        overlay.remove()
        resolve(undefined)
      })
    })
  })
}
