// @ts-check
/** The page's one way to the server: JSON in and out, same origin. */

/**
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function getJson(path, init) {
  const response = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', accept: 'application/json' }
  })
  const text = await response.text()
  let body
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  return { status: response.status, body }
}
