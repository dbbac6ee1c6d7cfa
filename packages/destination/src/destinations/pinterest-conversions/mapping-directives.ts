/** Small builders for the mapping directives of actions-core, so default mappings read as paths. */

export const path = (p: string) => ({ '@path': p })

/**
 * The first of several paths that has a value (0, false and empty text are values). Not
 * actions-core's `blank` test, which would skip empty text: it compares with `!=`, which throws
 * on an object whose toString is not a function (`{"toString": ""}` in an event's JSON), and a
 * throw while mapping fails every event of the batch.
 */
export const firstOf = (...paths: string[]): object => {
  const [head, ...rest] = paths
  if (rest.length === 0) return path(head)
  return { '@if': { exists: path(head), then: path(head), else: firstOf(...rest) } }
}

/** One Segment spec product (`product_id`, `sku`, `price`, ...) found at `root`, as a Contents entry. */
export const productAt = (root: string) => ({
  id: firstOf(`${root}.product_id`, `${root}.sku`),
  item_price: path(`${root}.price`),
  quantity: path(`${root}.quantity`),
  item_name: path(`${root}.name`),
  item_category: path(`${root}.category`),
  item_brand: path(`${root}.brand`)
})

/** A trait, read from `context.traits` (track and page calls) and then `traits` (identify calls). */
export const trait = (name: string) => firstOf(`$.context.traits.${name}`, `$.traits.${name}`)

/** An address trait: from `address`, else written flat on the traits (`city` beside `email`). */
export const addressTrait = (...names: string[]) =>
  firstOf(
    `$.context.traits.address.${names[0]}`,
    `$.traits.address.${names[0]}`,
    ...names.flatMap((name) => [`$.context.traits.${name}`, `$.traits.${name}`])
  )
