/** Small builders for the mapping directives of actions-core, so default mappings read as paths. */

export const path = (p: string) => ({ '@path': p })

/** The first of several paths that has a value. */
export const firstOf = (...paths: string[]): object =>
  paths.length === 1
    ? path(paths[0])
    : { '@if': { exists: path(paths[0]), then: path(paths[0]), else: firstOf(...paths.slice(1)) } }

/**
 * Every path at once, for keys that take many values. An array of paths resolves in about
 * half the time of an `@if` chain over the same paths; empty entries are dropped later.
 */
export const everyOf = (...paths: string[]) => paths.map(path)

/** One Segment spec product (`product_id`, `sku`, `price`, ...) found at `root`, as a Contents entry. */
export const productAt = (root: string) => ({
  id: firstOf(`${root}.product_id`, `${root}.sku`),
  item_price: path(`${root}.price`),
  quantity: path(`${root}.quantity`),
  item_name: path(`${root}.name`),
  item_category: path(`${root}.category`),
  item_brand: path(`${root}.brand`)
})
