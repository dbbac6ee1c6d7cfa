/**
 * Test support for the packages that stand on the destination: the tests' Pinterest (nock, or
 * a real server on 127.0.0.1), Segment events, Pinterest's answer schema, and the generators and
 * invariants of the hostile-input properties. Tests only: never shipped (package.json `files`
 * holds dist/ alone), and no package's code imports it. The helpers themselves live where the
 * destination's own tests use them, inside the folder Segment's repository would take.
 */
export * from '../src/destinations/pinterest-conversions/__tests__/__helpers__/pinterest-fake'
export * from '../src/destinations/pinterest-conversions/__tests__/__helpers__/segment-events'
export { default as responseSchema } from '../src/destinations/pinterest-conversions/contract/pinterest-events-response.schema.json'
export * as arbitraries from '../__tests__/properties/arbitraries'
export * as invariants from '../__tests__/properties/invariants'
export * as propertySettings from '../__tests__/properties/settings'
