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
   * Set to true when the person opted out of tracking (Pinterest key `opt_out`). Left empty, it is sent as true only when Advertiser Tracking Enabled is false, and left out otherwise.
   */
  opt_out?: boolean
  /**
   * Whether the device allows ad tracking (App Tracking Transparency on iOS), from `context.device.adTrackingEnabled`. When it is false the event is sent with `opt_out: true`. Pinterest has no key for it: it is never sent as such.
   */
  advertiser_tracking_enabled?: boolean
  /**
   * Who converted (Pinterest object `user_data`). Pinterest needs an email, a mobile advertising ID, or both the IP address and user agent. Every personal value is normalized the way Pinterest expects and SHA-256 hashed; values that are already SHA-256 digests are passed through.
   */
  user_data: {
    /**
     * Email addresses, trimmed and lowercased, then hashed (Pinterest key `em`). Takes one value or many: a list, or lists from several sources (up to 10 different values are sent; the rest are left out with a warning).
     */
    email?: string[]
    /**
     * Phone numbers, turned into digits with the country code (numbers without one are read in the Default Phone Country), then hashed (Pinterest key `ph`). Takes one value or many: a list, or lists from several sources (up to 10 different values are sent; the rest are left out with a warning).
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
   * Which of Segment’s two field layouts the subscription was saved with: `legacy` (Custom Data with its Contents inside; also when empty) or `latest` (Custom Data (Latest) and Contents). Both are read; where both hold a key, this one wins.
   */
  data_format?: string
  /**
   * What the conversion was worth and what it was about (Pinterest object `custom_data`). Subscriptions of the latest format use Custom Data (Latest) instead; values of both are sent, the format in use winning where both have a key.
   */
  custom_data?: {
    /**
     * ISO 4217 currency code such as USD (Pinterest key `currency`), from `properties.currency`.
     */
    currency?: string
    /**
     * The total value of the conversion (Pinterest key `value`), from `properties.value`, else `properties.total`, else `properties.revenue`; never a unit price. When empty and the event has exactly one product, its price times its quantity. An amount: a number, or text such as 1299.00, "$1,299.00" or "1.299,00 €"; sent as a decimal string. One that cannot be read without guessing (1,299) is left out with a warning.
     */
    value?: string
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
     * How many items, a whole number (Pinterest key `num_items`). When empty, the quantities of the Contents are added up.
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
     * Privacy opt-outs, comma-separated (Pinterest key `opt_out_type`), from `properties.opt_out_type`, else `context.traits.opt_out_type`. Pinterest processes only `LDP` (Limited Data Processing), and only when the state is CA and the country US.
     */
    opt_out_type?: string
    /**
     * The predicted lifetime value of the person (Pinterest key `predicted_ltv`). An amount: a number, or text such as 1299.00, "$1,299.00" or "1.299,00 €"; sent as a decimal string. One that cannot be read without guessing (1,299) is left out with a warning.
     */
    predicted_ltv?: string
    /**
     * The products, as subscriptions of the legacy format map them inside Custom Data (Pinterest key `custom_data.contents`). Sent when Contents is empty.
     */
    contents?: {
      /**
       * The product ID or SKU (Pinterest key `id`).
       */
      id?: string | null
      /**
       * The unit price (Pinterest key `item_price`). An amount: a number, or text such as 1299.00, "$1,299.00" or "1.299,00 €"; sent as a decimal string. One that cannot be read without guessing (1,299) is left out with a warning.
       */
      item_price?: string | null
      /**
       * How many of this product, a whole number (Pinterest key `quantity`).
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
      /**
       * The brand’s ID, up to 64 characters (Pinterest key `item_brand_id`).
       */
      item_brand_id?: string | null
    }[]
  }
  /**
   * The custom data of subscriptions of the latest format (Data Format `latest`), with Contents beside it: read as Custom Data.
   */
  custom_data_2?: {
    /**
     * ISO 4217 currency code such as USD (Pinterest key `currency`), from `properties.currency`.
     */
    currency?: string
    /**
     * The total value of the conversion (Pinterest key `value`), from `properties.value`, else `properties.total`, else `properties.revenue`; never a unit price. When empty and the event has exactly one product, its price times its quantity. An amount: a number, or text such as 1299.00, "$1,299.00" or "1.299,00 €"; sent as a decimal string. One that cannot be read without guessing (1,299) is left out with a warning.
     */
    value?: string
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
     * How many items, a whole number (Pinterest key `num_items`). When empty, the quantities of the Contents are added up.
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
     * Privacy opt-outs, comma-separated (Pinterest key `opt_out_type`), from `properties.opt_out_type`, else `context.traits.opt_out_type`. Pinterest processes only `LDP` (Limited Data Processing), and only when the state is CA and the country US.
     */
    opt_out_type?: string
    /**
     * The predicted lifetime value of the person (Pinterest key `predicted_ltv`). An amount: a number, or text such as 1299.00, "$1,299.00" or "1.299,00 €"; sent as a decimal string. One that cannot be read without guessing (1,299) is left out with a warning.
     */
    predicted_ltv?: string
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
     * The unit price (Pinterest key `item_price`). An amount: a number, or text such as 1299.00, "$1,299.00" or "1.299,00 €"; sent as a decimal string. One that cannot be read without guessing (1,299) is left out with a warning.
     */
    item_price?: string | null
    /**
     * How many of this product, a whole number (Pinterest key `quantity`).
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
    /**
     * The brand’s ID, up to 64 characters (Pinterest key `item_brand_id`).
     */
    item_brand_id?: string | null
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
   * The operating system name, from `context.os.name`. Not sent as a key of its own: it tells app_ios from app_android when Action Source is empty, and fills OS Family of Device Info when that is empty.
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
   * The app the conversion happened in (Pinterest object `app_info`), from `context.app`. Text over Pinterest’s limits (200 characters for IDs and names, 100 for the store and version) and sizes that are not whole numbers from 0 to 30720 are left out with a warning.
   */
  app_info?: {
    /**
     * The app’s ID in its store (Pinterest key `app_info.app_id`).
     */
    app_id?: string
    /**
     * The app name (Pinterest key `app_info.app_name`).
     */
    app_name?: string
    /**
     * The bundle or package name (Pinterest key `app_info.app_package_name`).
     */
    app_package_name?: string
    /**
     * Where the app was installed from (Pinterest key `app_info.app_store`).
     */
    app_store?: string
    /**
     * The app version (Pinterest key `app_info.app_version`).
     */
    app_version?: string
    /**
     * When the app was installed (Pinterest key `app_info.install_time`, sent as unix seconds).
     */
    install_time?: string | number
    /**
     * The user agent of the app’s web view (Pinterest key `app_info.user_agent`).
     */
    user_agent?: string
    /**
     * The inner height of the app’s window in pixels (Pinterest key `app_info.window_height`).
     */
    window_height?: number
    /**
     * The inner width of the app’s window in pixels (Pinterest key `app_info.window_width`).
     */
    window_width?: number
  }
  /**
   * The device the conversion happened on (Pinterest object `device_info`), from `context.device`, `context.os`, `context.screen`, `context.network`, `context.locale` and `context.timezone`. Values over Pinterest’s limits or outside its lists are left out with a warning. Segment’s `context.screen.density` is a pixel ratio, not the PPI Pinterest asks for, so Screen Density has no default.
   */
  device_info?: {
    /**
     * The device maker (Pinterest key `device_info.brand`).
     */
    brand?: string
    /**
     * The mobile network (Pinterest key `device_info.carrier`).
     */
    carrier?: string
    /**
     * The device model (Pinterest key `device_info.model`).
     */
    model?: string
    /**
     * The device type (Pinterest key `device_info.type`).
     */
    type?: string
    /**
     * The operating system (Pinterest key `device_info.os_name`).
     */
    os_name?: string
    /**
     * The operating system version (Pinterest key `device_info.os_version`).
     */
    os_version?: string
    /**
     * The marketing name of the OS release (Pinterest key `device_info.os_release_name`).
     */
    os_release_name?: string
    /**
     * One of ios, android, macos, windows, linux, bsd, other (Pinterest key `device_info.os_family`). When empty, read from OS Name.
     */
    os_family?: string
    /**
     * The kernel version (Pinterest key `device_info.kernel_version`).
     */
    kernel_version?: string
    /**
     * The device locale, BCP 47 such as en-US (Pinterest key `device_info.locale`).
     */
    locale?: string
    /**
     * Installed languages as two-letter ISO 639-1 codes (Pinterest key `device_info.languages`).
     */
    languages?: string[]
    /**
     * The device time zone, such as Europe/Paris (Pinterest key `device_info.timezone`).
     */
    timezone?: string
    /**
     * Such as CET (Pinterest key `device_info.timezone_abbr`).
     */
    timezone_abbr?: string
    /**
     * One of desktop, laptop, cellphone, tablet, smartwatch, tv, vr, console, other (Pinterest key `device_info.form_factor`).
     */
    form_factor?: string
    /**
     * One of wifi, cellular_2g … cellular_6g, ethernet, unknown (Pinterest key `device_info.network_type`). When empty and Wi-Fi is true, wifi.
     */
    network_type?: string
    /**
     * Battery charge, 0 to 100 (Pinterest key `device_info.battery_level`).
     */
    battery_level?: number
    /**
     * Number of CPU cores (Pinterest key `device_info.cpu_cores`).
     */
    cpu_cores?: number
    /**
     * Screen density in PPI (Pinterest key `device_info.screen_density`).
     */
    screen_density?: number
    /**
     * Screen height in pixels (Pinterest key `device_info.screen_height`).
     */
    screen_height?: number
    /**
     * Screen width in pixels (Pinterest key `device_info.screen_width`).
     */
    screen_width?: number
    /**
     * Internal storage in GB (Pinterest key `device_info.storage_size`).
     */
    storage_size?: number
    /**
     * Free internal storage in GB (Pinterest key `device_info.storage_free_space`).
     */
    storage_free_space?: number
    /**
     * External storage in GB (Pinterest key `device_info.external_storage_size`).
     */
    external_storage_size?: number
    /**
     * Free external storage in GB (Pinterest key `device_info.external_storage_free_space`).
     */
    external_storage_free_space?: number
  }
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
