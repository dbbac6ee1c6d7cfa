import { isEmpty, text } from './clean'
import type { ContentItem, CustomData } from './contract/types'
import { FieldValidationError } from './errors'
import { MAX_CONTENTS, tooMany } from './limits'
import { toDecimalString } from './money'
import type { Payload } from './reportConversionEvent/generated-types'

type CustomDataInput = NonNullable<Payload['custom_data']>
type ContentInput = NonNullable<Payload['contents']>[number]

const CURRENCY_CODE = /^[A-Z]{3}$/

/**
 * Pinterest's `custom_data`: money as decimal strings, IDs as strings, and the product list
 * turned into `contents`, `content_ids` and `num_items` when those are not mapped themselves.
 */
export function buildCustomData(
  input: CustomDataInput | undefined,
  products: readonly ContentInput[] | undefined
): CustomData | undefined {
  // Checked before any product is built: a catalog mapped as products is refused at once.
  if (products && products.length > MAX_CONTENTS) throw tooMany('contents', products.length, MAX_CONTENTS, 'products')
  const contents = products && contentsOf(products)
  // Keys are written one by one, and only with a value: see buildEvent.
  const data: CustomData = {}
  let value: string | undefined
  if ((value = currencyOf(input?.currency))) data.currency = value
  if ((value = money(input?.value, 'value'))) data.value = value
  const ids = contentIds(input?.content_ids) ?? idsOf(contents)
  if (ids) data.content_ids = ids
  if ((value = text(input?.content_name))) data.content_name = value
  if ((value = text(input?.content_category))) data.content_category = value
  if ((value = text(input?.content_brand))) data.content_brand = value
  if (contents?.length) data.contents = contents
  const numItems = input?.num_items ?? totalQuantity(contents)
  if (numItems !== undefined) data.num_items = numItems
  if ((value = text(input?.order_id))) data.order_id = value
  if ((value = text(input?.search_string))) data.search_string = value
  if ((value = optOutTypeOf(input?.opt_out_type))) data.opt_out_type = value
  if ((value = money(input?.predicted_ltv, 'predicted_ltv'))) data.predicted_ltv = value
  return isEmpty(data) ? undefined : data
}

function buildContent(product: ContentInput, index: number): ContentItem | undefined {
  const item: ContentItem = {}
  let value: string | undefined
  if ((value = text(product.id))) item.id = value
  if ((value = money(product.item_price, 'item_price', index))) item.item_price = value
  if (product.quantity !== undefined && product.quantity !== null) item.quantity = product.quantity
  if ((value = text(product.item_name))) item.item_name = value
  if ((value = text(product.item_category))) item.item_category = value
  if ((value = text(product.item_brand))) item.item_brand = value
  return isEmpty(item) ? undefined : item
}

/** The products that have anything to say, in order. */
function contentsOf(products: readonly ContentInput[]): ContentItem[] {
  const contents = products.map(buildContent)
  return (contents.includes(undefined) ? contents.filter(isPresent) : contents) as ContentItem[]
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
function totalQuantity(contents: ContentItem[] | undefined): number | undefined {
  if (!contents?.length) return undefined
  return contents.reduce((sum, item) => sum + (item.quantity ?? 1), 0)
}

function currencyOf(value: string | undefined): string | undefined {
  const code = text(value)?.toUpperCase()
  if (code === undefined || CURRENCY_CODE.test(code)) return code
  throw new FieldValidationError(
    `custom_data.currency "${value}" is not a three-letter ISO 4217 currency code such as USD.`,
    ['custom_data.currency']
  )
}

/** An amount as Pinterest's decimal string. The field is named only for an error: custom_data.value, or contents[i].item_price given the product's index. */
function money(value: number | null | undefined, key: string, index?: number): string | undefined {
  if (value === undefined || value === null) return undefined
  const decimal = toDecimalString(value)
  if (decimal === undefined) {
    const field = index === undefined ? `custom_data.${key}` : `contents[${index}].${key}`
    throw new FieldValidationError(`${field} is not an amount Pinterest can take as a decimal number.`, [field])
  }
  return decimal
}

function optOutTypeOf(value: string | undefined): string | undefined {
  const types = text(value)
    ?.split(',')
    .map((type) => type.trim().toUpperCase())
    .filter(Boolean)
  return types?.length ? types.join(',') : undefined
}

function contentIds(values: readonly string[] | undefined): string[] | undefined {
  const cleaned = values?.map(text).filter(isPresent)
  if (!cleaned?.length) return undefined
  const ids = [...new Set(cleaned)]
  if (ids.length > MAX_CONTENTS) throw tooMany('custom_data.content_ids', ids.length, MAX_CONTENTS, 'different IDs')
  return ids
}

function isPresent<T>(value: T | undefined): value is T {
  return value !== undefined
}
