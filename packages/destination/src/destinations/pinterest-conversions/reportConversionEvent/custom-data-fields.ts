import type { InputField } from '@segment/actions-core'
import { firstOf, path, productAt } from '../mapping-directives'

// Amounts and counts are typed so that what sources really send passes the framework's checks
// (a total of "1,299.00", a quantity of 2.5): the destination reads them and leaves out, with a
// warning, what it cannot read without guessing.
const AMOUNT =
  'An amount: a number, or text such as 1299.00, "$1,299.00" or "1.299,00 €"; sent as a decimal string. One that cannot be read without guessing (1,299) is left out with a warning.'

const customDataProperties: Record<string, InputField> = {
  currency: {
    label: 'Currency',
    description: 'ISO 4217 currency code such as USD (Pinterest key `currency`), from `properties.currency`.',
    type: 'string'
  },
  value: {
    label: 'Value',
    description: `The total value of the conversion (Pinterest key \`value\`), from \`properties.value\`, else \`properties.total\`, else \`properties.revenue\`; never a unit price. When empty and the event has exactly one product, its price times its quantity. ${AMOUNT}`,
    type: 'string'
  },
  content_ids: {
    label: 'Content IDs',
    description: 'Product IDs (Pinterest key `content_ids`). When empty, the IDs of the Contents are used.',
    type: 'string',
    multiple: true
  },
  content_name: {
    label: 'Content Name',
    description: 'The name of the page or product (Pinterest key `content_name`).',
    type: 'string'
  },
  content_category: {
    label: 'Content Category',
    description: 'The category of the page or product (Pinterest key `content_category`).',
    type: 'string'
  },
  content_brand: {
    label: 'Content Brand',
    description: 'The brand of the product (Pinterest key `content_brand`).',
    type: 'string'
  },
  num_items: {
    label: 'Number of Items',
    description:
      'How many items, a whole number (Pinterest key `num_items`). When empty, the quantities of the Contents are added up.',
    type: 'number'
  },
  order_id: {
    label: 'Order ID',
    description:
      'The order ID (Pinterest key `order_id`), from `properties.order_id`. Pinterest uses it to recognise the same order twice.',
    type: 'string'
  },
  search_string: {
    label: 'Search String',
    description: 'What the person searched for (Pinterest key `search_string`), from `properties.query`.',
    type: 'string'
  },
  opt_out_type: {
    label: 'Opt Out Type',
    description:
      'Privacy opt-outs, comma-separated (Pinterest key `opt_out_type`), from `properties.opt_out_type`, else `context.traits.opt_out_type`. Pinterest processes only `LDP` (Limited Data Processing), and only when the state is CA and the country US.',
    type: 'string'
  },
  predicted_ltv: {
    label: 'Predicted Lifetime Value',
    description: `The predicted lifetime value of the person (Pinterest key \`predicted_ltv\`). ${AMOUNT}`,
    type: 'string'
  }
}

// allowNull: actions-core removes nulls from objects but not from the objects of a list, and
// its validation would then coerce a null price or quantity to a value. Allowed through, a null
// is read as no value.
const contentItemProperties: Record<string, InputField> = {
  id: {
    label: 'Product ID',
    description: 'The product ID or SKU (Pinterest key `id`).',
    type: 'string',
    allowNull: true
  },
  item_price: {
    label: 'Price',
    description: `The unit price (Pinterest key \`item_price\`). ${AMOUNT}`,
    type: 'string',
    allowNull: true
  },
  quantity: {
    label: 'Quantity',
    description: 'How many of this product, a whole number (Pinterest key `quantity`).',
    type: 'number',
    allowNull: true
  },
  item_name: {
    label: 'Name',
    description: 'The product name (Pinterest key `item_name`).',
    type: 'string',
    allowNull: true
  },
  item_category: {
    label: 'Category',
    description: 'The product category (Pinterest key `item_category`).',
    type: 'string',
    allowNull: true
  },
  item_brand: {
    label: 'Brand',
    description: 'The product brand (Pinterest key `item_brand`).',
    type: 'string',
    allowNull: true
  },
  item_brand_id: {
    label: 'Brand ID',
    description: 'The brand’s ID, up to 64 characters (Pinterest key `item_brand_id`).',
    type: 'string',
    allowNull: true
  }
}

export const customDataField: InputField = {
  label: 'Custom Data',
  description:
    'What the conversion was worth and what it was about (Pinterest object `custom_data`). Subscriptions of the latest format use Custom Data (Latest) instead; values of both are sent, the format in use winning where both have a key.',
  type: 'object',
  additionalProperties: false,
  properties: {
    ...customDataProperties,
    contents: {
      label: 'Contents (Legacy)',
      description:
        'The products, as subscriptions of the legacy format map them inside Custom Data (Pinterest key `custom_data.contents`). Sent when Contents is empty.',
      type: 'object',
      multiple: true,
      additionalProperties: false,
      properties: contentItemProperties
    }
  },
  default: {
    currency: path('$.properties.currency'),
    value: firstOf('$.properties.value', '$.properties.total', '$.properties.revenue'),
    order_id: path('$.properties.order_id'),
    search_string: path('$.properties.query'),
    opt_out_type: firstOf('$.properties.opt_out_type', '$.context.traits.opt_out_type')
  }
}

export const customData2Field: InputField = {
  label: 'Custom Data (Latest)',
  description:
    'The custom data of subscriptions of the latest format (Data Format `latest`), with Contents beside it: read as Custom Data.',
  type: 'object',
  additionalProperties: false,
  properties: customDataProperties
}

export const contentsField: InputField = {
  label: 'Contents',
  description:
    'The products of the conversion (Pinterest key `custom_data.contents`), one per entry of `properties.products`: ID (product_id, else sku), price, quantity, name, category and brand.',
  type: 'object',
  multiple: true,
  additionalProperties: false,
  properties: contentItemProperties,
  default: { '@arrayPath': ['$.properties.products', productAt('$')] }
}

export const dataFormatField: InputField = {
  label: 'Data Format',
  description:
    'Which of Segment’s two field layouts the subscription was saved with: `legacy` (Custom Data with its Contents inside; also when empty) or `latest` (Custom Data (Latest) and Contents). Both are read; where both hold a key, this one wins.',
  type: 'string',
  choices: [
    { label: 'Latest', value: 'latest' },
    { label: 'Legacy', value: 'legacy' }
  ]
}
