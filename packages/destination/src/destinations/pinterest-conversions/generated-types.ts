// Generated file. DO NOT MODIFY IT BY HAND.

export interface Settings {
  /**
   * The ID of the Pinterest ad account that receives the conversions: digits only, up to 18, as shown in Ads Manager (for example 549755885175).
   */
  ad_account_id: string
  /**
   * The conversion access token of the ad account (Ads Manager > Conversions > Conversion access token). It is sent as a Bearer token and never shown in logs or errors.
   */
  conversion_token: string
  /**
   * Send every request with `?test=true`: Pinterest checks the events and answers as usual but records nothing. Use it while setting up.
   */
  test_mode?: boolean
  /**
   * Sent as `partner_name` on every event when set; third-party partners use a lowercase `ss-<partner>` name.
   */
  partner_name?: string
  /**
   * Two-letter ISO country code used to read phone numbers written without a country code: with US, (415) 555-0100 becomes 14155550100.
   */
  default_phone_country?: string
}
