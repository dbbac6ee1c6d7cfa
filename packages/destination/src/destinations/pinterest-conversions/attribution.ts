/**
 * Pinterest's markers of who carried an event, besides the advertiser: `partner_name` on the
 * event and `custom_data.np`. Segment's own Pinterest destination sends "ss-segment" in both on
 * every event, so the definition does too by default, as it would inside Segment. A runtime
 * that is not Segment passes its own, and none unless Pinterest agreed a name with it.
 */
export interface Attribution {
  partnerName?: string
  np?: string
}

export const SEGMENT_ATTRIBUTION: Attribution = { partnerName: 'ss-segment', np: 'ss-segment' }

/** No partner marker: the advertiser's own events. */
export const NO_ATTRIBUTION: Attribution = {}
