import { isEmpty, setDefined } from './clean'
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
export function buildCustomData(input: CustomDataInput | undefined, products: readonly ContentInput[] | undefined): CustomData | undefined {
  // Checked before any product is built: a catalog mapped as products is refused at once.
  if (products && products.length > MAX_CONTENTS) throw tooMany('contents', products.length, MAX_CONTENTS, 'products')
  const contents = products?.map(buildContent).filter(isPresent)
  const data: CustomData = {}
  setDefined(data, 'currency', currencyOf(input?.currency))
  setDefined(data, 'value', money(input?.value, 'custom_data.value'))
  setDefined(data, 'content_ids', contentIds(input?.content_ids) ?? idsOf(contents))
  setDefined(data, 'content_name', text(input?.content_name))
  setDefined(data, 'content_category', text(input?.content_category))
  setDefined(data, 'content_brand', text(input?.content_brand))
  if (contents?.length) data.contents = contents
  setDefined(data, 'num_items', input?.num_items ?? totalQuantity(contents))
  setDefined(data, 'order_id', text(input?.order_id))
  setDefined(data, 'search_string', text(input?.search_string))
  setDefined(data, 'opt_out_type', optOutTypeOf(input?.opt_out_type))
  setDefined(data, 'predicted_ltv', money(input?.predicted_ltv, 'custom_data.predicted_ltv'))
  return isEmpty(data) ? undefined : data
}

function buildContent(product: ContentInput, index: number): ContentItem | undefined {
  const item: ContentItem = {}
  setDefined(item, 'id', text(product.id))
  setDefined(item, 'item_price', money(product.item_price, `contents[${index}].item_price`))
  setDefined(item, 'quantity', product.quantity ?? undefined)
  setDefined(item, 'item_name', text(product.item_name))
  setDefined(item, 'item_category', text(product.item_category))
  setDefined(item, 'item_brand', text(product.item_brand))
  return isEmpty(item) ? undefined : item
}

function idsOf(contents: ContentItem[] | undefined): string[] | undefined {
  const ids = contents?.map((item) => item.id).filter(isPresent)
  return ids?.length ? [...new Set(ids)] : undefined
}

/** A product listed without a quantity was still bought once. */
function totalQuantity(contents: ContentItem[] | undefined): number | undefined {
  if (!contents?.length) return undefined
  return contents.reduce((sum, item) => sum + (item.quantity ?? 1), 0)
}

function currencyOf(value: string | undefined): string | undefined {
  const code = text(value)?.toUpperCase()
  if (code === undefined || CURRENCY_CODE.test(code)) return code
  throw new FieldValidationError(`custom_data.currency "${value}" is not a three-letter ISO 4217 currency code such as USD.`, ['custom_data.currency'])
}

function money(value: number | null | undefined, field: string): string | undefined {
  if (value === undefined || value === null) return undefined
  const decimal = toDecimalString(value)
  if (decimal === undefined) throw new FieldValidationError(`${field} is not an amount Pinterest can take as a decimal number.`, [field])
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

function text(value: string | number | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined
  const trimmed = String(value).trim()
  return trimmed === '' ? undefined : trimmed
}

function isPresent<T>(value: T | undefined): value is T {
  return value !== undefined
}
