// Generated file. DO NOT MODIFY IT BY HAND.

export interface Payload {
  /**
   * The Pinterest conversion event this Segment event reports (Pinterest key `event_name`). Each preset sets it; choose one of the names Pinterest documents.
   */
  event_name: string
  /**
   * Where the conversion happened (Pinterest key `action_source`): web, app_android, app_ios or offline. Leave it empty to let the destination decide: events from an iOS or Android app (with `context.app`) are app_ios or app_android, all others web.
   */
  action_source?: string
  /**
   * When the conversion happened (Pinterest key `event_time`), from the event `timestamp` by default. ISO 8601 dates, unix seconds and unix milliseconds are all read and sent as unix seconds. Pinterest refuses events from the future or older than 7 days.
   */
  event_time: string | number
  /**
   * A unique ID for this conversion (Pinterest key `event_id`), from the Segment `messageId` by default. Pinterest uses it with the event name to drop the copy of a conversion that the Pinterest Tag already reported, so send the Tag the same ID.
   */
  event_id: string
  /**
   * The URL of the page where the conversion happened (Pinterest key `event_source_url`), from `context.page.url`, else `properties.url`.
   */
  event_source_url?: string
  /**
   * Set to true when the person opted out of tracking (Pinterest key `opt_out`). Left empty, it is sent as true only when Ad Tracking Enabled is false, and left out otherwise.
   */
  opt_out?: boolean
  /**
   * Whether the device allows ad tracking, from `context.device.adTrackingEnabled`. When it is false the event is sent with `opt_out: true` (Limit Ad Tracking); it is not sent otherwise.
   */
  ad_tracking_enabled?: boolean
  /**
   * Who converted (Pinterest object `user_data`). Pinterest needs an email, a mobile advertising ID, or both the IP address and user agent. Every personal value is normalized the way Pinterest expects and SHA-256 hashed; values that are already SHA-256 digests are passed through.
   */
  user_data: {
    /**
     * Email addresses, trimmed and lowercased, then hashed (Pinterest key `em`).
     */
    email?: string[]
    /**
     * Phone numbers, turned into digits with the country code (numbers without one are read in the Default Phone Country), then hashed (Pinterest key `ph`).
     */
    phone?: string[]
    /**
     * Gender as f, m or n (female, male, non-binary; other values are left out), hashed (Pinterest key `ge`).
     */
    gender?: string[]
    /**
     * Date of birth as YYYYMMDD, hashed (Pinterest key `db`). ISO dates and unambiguous written dates are read.
     */
    date_of_birth?: string[]
    /**
     * First name, trimmed and lowercased, hashed (Pinterest key `fn`).
     */
    first_name?: string[]
    /**
     * Last name, trimmed and lowercased, hashed (Pinterest key `ln`).
     */
    last_name?: string[]
    /**
     * City, lowercased without spaces or punctuation, hashed (Pinterest key `ct`).
     */
    city?: string[]
    /**
     * State or province as its two-letter code (US state and Canadian province names are converted), hashed (Pinterest key `st`).
     */
    state?: string[]
    /**
     * Postal code, lowercased without spaces or dashes (US ZIP+4 becomes 5 digits), hashed (Pinterest key `zp`).
     */
    zip?: string[]
    /**
     * Country as its two-letter ISO code (names and three-letter codes are converted), hashed (Pinterest key `country`).
     */
    country?: string[]
    /**
     * Your own ID for the person, from `userId` by default; trimmed and hashed (Pinterest key `external_id`).
     */
    external_id?: string[]
    /**
     * The device advertising ID (IDFA or GAID), from `context.device.advertisingId`; lowercased and hashed (Pinterest key `hashed_maids`).
     */
    hashed_maids?: string[]
    /**
     * The IP address of the person’s device, from `context.ip`; sent as is (Pinterest key `client_ip_address`).
     */
    client_ip_address?: string
    /**
     * The user agent of the person’s browser, from `context.userAgent`; sent as is (Pinterest key `client_user_agent`).
     */
    client_user_agent?: string
    /**
     * The Pinterest click ID, from `properties.click_id`; when empty, the `epik` query parameter of the Event Source URL is used (Pinterest key `click_id`).
     */
    click_id?: string
    /**
     * A third-party identifier such as a LiveRamp RampID, sent as is (Pinterest key `partner_id`).
     */
    partner_id?: string
  }
  /**
   * What the conversion was worth and what it was about (Pinterest object `custom_data`).
   */
  custom_data?: {
    /**
     * ISO 4217 currency code such as USD (Pinterest key `currency`), from `properties.currency`.
     */
    currency?: string
    /**
     * The total value of the conversion (Pinterest key `value`, sent as a decimal string), from `properties.value`, else `properties.total`, else `properties.revenue`. Never a unit price.
     */
    value?: number
    /**
     * Product IDs (Pinterest key `content_ids`). When empty, the IDs of the Contents are used.
     */
    content_ids?: string[]
    /**
     * The name of the page or product (Pinterest key `content_name`).
     */
    content_name?: string
    /**
     * The category of the page or product (Pinterest key `content_category`).
     */
    content_category?: string
    /**
     * The brand of the product (Pinterest key `content_brand`).
     */
    content_brand?: string
    /**
     * How many items (Pinterest key `num_items`). When empty, the quantities of the Contents are added up.
     */
    num_items?: number
    /**
     * The order ID (Pinterest key `order_id`), from `properties.order_id`. Pinterest uses it to recognise the same order twice.
     */
    order_id?: string
    /**
     * What the person searched for (Pinterest key `search_string`), from `properties.query`.
     */
    search_string?: string
    /**
     * Privacy opt-outs, comma-separated (Pinterest key `opt_out_type`). Pinterest processes only `LDP` (Limited Data Processing), and only when the state is CA and the country US.
     */
    opt_out_type?: string
    /**
     * The predicted lifetime value of the person (Pinterest key `predicted_ltv`, sent as a decimal string).
     */
    predicted_ltv?: number
  }
  /**
   * The products of the conversion (Pinterest key `custom_data.contents`), one per entry of `properties.products`: ID (product_id, else sku), price, quantity, name, category and brand.
   */
  contents?: {
    /**
     * The product ID or SKU (Pinterest key `id`).
     */
    id?: string | null
    /**
     * The unit price (Pinterest key `item_price`, sent as a decimal string).
     */
    item_price?: number | null
    /**
     * How many of this product (Pinterest key `quantity`).
     */
    quantity?: number | null
    /**
     * The product name (Pinterest key `item_name`).
     */
    item_name?: string | null
    /**
     * The product category (Pinterest key `item_category`).
     */
    item_category?: string | null
    /**
     * The product brand (Pinterest key `item_brand`).
     */
    item_brand?: string | null
  }[]
  /**
   * The app’s store ID or bundle ID (Pinterest key `app_id`), from `context.app.namespace`.
   */
  app_id?: string
  /**
   * The app name (Pinterest key `app_name`), from `context.app.name`.
   */
  app_name?: string
  /**
   * The app version (Pinterest key `app_version`), from `context.app.version`.
   */
  app_version?: string
  /**
   * The device maker (Pinterest key `device_brand`), from `context.device.manufacturer`.
   */
  device_brand?: string
  /**
   * The mobile network (Pinterest key `device_carrier`), from `context.network.carrier`.
   */
  device_carrier?: string
  /**
   * The device model (Pinterest key `device_model`), from `context.device.model`.
   */
  device_model?: string
  /**
   * The device type (Pinterest key `device_type`), from `context.device.type`.
   */
  device_type?: string
  /**
   * The operating system name, from `context.os.name`. Not sent to Pinterest: it tells app_ios from app_android when Action Source is empty.
   */
  os_name?: string
  /**
   * The operating system version (Pinterest key `os_version`), from `context.os.version`.
   */
  os_version?: string
  /**
   * Whether the device was on Wi-Fi (Pinterest key `wifi`), from `context.network.wifi`.
   */
  wifi?: boolean
  /**
   * The person’s language as a two-letter code (Pinterest key `language`), from `context.locale`: en-US is sent as en.
   */
  language?: string
  /**
   * Send events to Pinterest in batches of up to Batch Size events per request. Recommended: one request per event reaches Pinterest’s rate limit far sooner.
   */
  enable_batching?: boolean
  /**
   * The most events sent in one request. Pinterest accepts up to 1000.
   */
  batch_size?: number
}
