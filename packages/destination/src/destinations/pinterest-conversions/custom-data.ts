import { codes as currencyCodes } from 'currency-codes'
import { isEmpty } from './clean'
import type { ContentItem, CustomData } from './contract/types'
import { CONTENT_ID_MAX_LENGTH, CONTENT_MAX_LENGTH, COUNT_RANGE, CUSTOM_DATA_MAX_LENGTH, MAX_CONTENTS } from './limits'
import { amountOf, lineTotal } from './money'
import type { Payload } from './reportConversionEvent/generated-types'
import { leaveOut, textOf, wholeNumberOf } from './values'
import type { Warnings } from './warnings'

type CustomDataInput = NonNullable<Payload['custom_data_2']>
type ContentInput = NonNullable<Payload['contents']>[number]

// ISO's list, not the shape: three made-up letters ("USS") would mislabel the value.
const CURRENCY_CODES = new Set(currencyCodes())

/**
 * Pinterest's `custom_data`: money as decimal strings, IDs as strings, and the product list
 * turned into `contents`, `content_ids` and `num_items` when those are not mapped themselves.
 *
 * Subscriptions of both of Segment's layouts are read: the custom data of the one in use
 * (`data_format`, legacy when empty), then the other's for the keys it lacks; the products of
 * the top-level Contents, else those mapped inside the legacy Custom Data.
 */
export function buildCustomData(payload: Payload, warnings: Warnings): CustomData | undefined {
  const latest = payload.data_format === 'latest'
  const [first, second] = latest
    ? [source('custom_data_2', payload.custom_data_2), source('custom_data', payload.custom_data)]
    : [source('custom_data', payload.custom_data), source('custom_data_2', payload.custom_data_2)]
  const read = <K extends keyof CustomDataInput>(key: K) => readKey(first, second, key)
  const contents = contentsOf(payload, warnings)
  const data: CustomData = {}
  const max = CUSTOM_DATA_MAX_LENGTH
  let text: string | undefined
  let at: Located
  if ((text = currencyOf(read('currency'), warnings))) data.currency = text
  if ((text = amount(read('value'), warnings) ?? singleProductValue(contents))) data.value = text
  const ids = contentIdsOf(read('content_ids'), warnings) ?? idsOf(contents)
  if (ids) data.content_ids = ids
  if ((text = textOf((at = read('content_name')).value, at.field, max.content_name, warnings))) data.content_name = text
  if ((text = textOf((at = read('content_category')).value, at.field, max.content_category, warnings))) {
    data.content_category = text
  }
  if ((text = textOf((at = read('content_brand')).value, at.field, max.content_brand, warnings)))
    data.content_brand = text
  if (contents?.length) data.contents = contents
  const numItems =
    wholeNumberOf((at = read('num_items')).value, at.field, COUNT_RANGE, warnings) ?? totalQuantity(contents, warnings)
  if (numItems !== undefined) data.num_items = numItems
  if ((text = textOf((at = read('order_id')).value, at.field, max.order_id, warnings))) data.order_id = text
  if ((text = textOf((at = read('search_string')).value, at.field, max.search_string, warnings)))
    data.search_string = text
  if ((text = optOutTypeOf(read('opt_out_type'), warnings))) data.opt_out_type = text
  if ((text = amount(read('predicted_ltv'), warnings))) data.predicted_ltv = text
  return isEmpty(data) ? undefined : data
}

interface Source {
  name: string
  values: CustomDataInput | undefined
}

/** A value read from one of the custom data fields, with its field name for a warning. */
interface Located {
  value: unknown
  field: string
}

function source(name: string, values: CustomDataInput | undefined): Source {
  return { name, values }
}

function readKey(first: Source, second: Source, key: keyof CustomDataInput): Located {
  const own = first.values?.[key]
  const from = own === undefined || own === null || own === '' ? second : first
  return { value: from.values?.[key], field: `${from.name}.${key}` }
}

/** The products: the top-level Contents, else the ones a legacy subscription maps inside Custom Data. */
function contentsOf(payload: Payload, warnings: Warnings): ContentItem[] | undefined {
  const [field, products] = payload.contents?.length
    ? ['contents', payload.contents]
    : ['custom_data.contents', payload.custom_data?.contents]
  if (!products?.length) return undefined
  if (products.length > MAX_CONTENTS) {
    return leaveOut(
      warnings,
      field,
      `has ${products.length} products, more than the ${MAX_CONTENTS} one event may carry`
    )
  }
  const contents: ContentItem[] = []
  products.forEach((product, index) => {
    const item = buildContent(product, `${field}[${index}]`, warnings)
    if (item) contents.push(item)
  })
  return contents
}

function buildContent(product: ContentInput, at: string, warnings: Warnings): ContentItem | undefined {
  const item: ContentItem = {}
  const max = CONTENT_MAX_LENGTH
  let text: string | undefined
  if ((text = textOf(product.id, `${at}.id`, max.id, warnings))) item.id = text
  if ((text = amount({ value: product.item_price, field: `${at}.item_price` }, warnings))) item.item_price = text
  const quantity = wholeNumberOf(product.quantity, `${at}.quantity`, COUNT_RANGE, warnings)
  if (quantity !== undefined) item.quantity = quantity
  if ((text = textOf(product.item_name, `${at}.item_name`, max.item_name, warnings))) item.item_name = text
  if ((text = textOf(product.item_category, `${at}.item_category`, max.item_category, warnings)))
    item.item_category = text
  if ((text = textOf(product.item_brand, `${at}.item_brand`, max.item_brand, warnings))) item.item_brand = text
  if ((text = textOf(product.item_brand_id, `${at}.item_brand_id`, max.item_brand_id, warnings)))
    item.item_brand_id = text
  return isEmpty(item) ? undefined : item
}

/** An amount as Pinterest's decimal string; text that cannot be read for certain is left out. */
function amount({ value, field }: Located, warnings: Warnings): string | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'number' && typeof value !== 'string') return leaveOut(warnings, field, 'is not an amount')
  const decimal = amountOf(value)
  return typeof decimal === 'string' ? decimal : leaveOut(warnings, field, decimal.unreadable)
}

/** What one product cost in all: its price times its quantity (one when not given). */
function singleProductValue(contents: ContentItem[] | undefined): string | undefined {
  if (contents?.length !== 1) return undefined
  const { item_price: price, quantity = 1 } = contents[0]
  if (price === undefined) return undefined
  const total = lineTotal(price, quantity)
  return typeof total === 'string' ? total : undefined
}

function idsOf(contents: ContentItem[] | undefined): string[] | undefined {
  let ids: string[] | undefined
  for (const { id } of contents ?? []) {
    if (id === undefined) continue
    if (ids === undefined) ids = [id]
    else if (!ids.includes(id)) ids.push(id)
  }
  return ids
}

/** A product listed without a quantity was still bought once. */
function totalQuantity(contents: ContentItem[] | undefined, warnings: Warnings): number | undefined {
  if (!contents?.length) return undefined
  const total = contents.reduce((sum, item) => sum + (item.quantity ?? 1), 0)
  if (total <= COUNT_RANGE[1]) return total
  return leaveOut(warnings, 'custom_data.num_items', `would add up to more than ${COUNT_RANGE[1]}`)
}

function currencyOf({ value, field }: Located, warnings: Warnings): string | undefined {
  const code = textOf(value, field, 100, warnings)?.toUpperCase()
  if (code === undefined || CURRENCY_CODES.has(code)) return code
  return leaveOut(warnings, field, 'is not an ISO 4217 currency code such as USD')
}

function optOutTypeOf({ value, field }: Located, warnings: Warnings): string | undefined {
  const types = textOf(value, field, CUSTOM_DATA_MAX_LENGTH.opt_out_type, warnings)
    ?.split(',')
    .map((type) => type.trim().toUpperCase())
    .filter(Boolean)
  return types?.length ? types.join(',') : undefined
}

function contentIdsOf({ value, field }: Located, warnings: Warnings): string[] | undefined {
  if (value === undefined || value === null) return undefined
  const ids = new Set<string>()
  for (const entry of Array.isArray(value) ? value : [value]) {
    const id = textOf(entry, field, CONTENT_ID_MAX_LENGTH, warnings)
    if (id !== undefined) ids.add(id)
  }
  if (ids.size > MAX_CONTENTS) {
    return leaveOut(warnings, field, `has ${ids.size} different IDs, more than the ${MAX_CONTENTS} one event may carry`)
  }
  return ids.size > 0 ? [...ids] : undefined
}
