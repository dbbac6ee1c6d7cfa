/**
 * The destination on the oldest Node that package.json allows. `npm test` runs this file once
 * with the other suites and once more under the registry's Node 18 (`npm run test:node18`, which
 * sets EXPECTED_NODE_MAJOR), where crypto.hash does not exist and hashing takes the other path.
 */
import { createTestIntegration } from '@segment/actions-core'
import * as crypto from 'crypto'
import nock from 'nock'
import { join } from 'path'
import destination from '../src/destinations/pinterest-conversions'
import {
  fakePinterest,
  SETTINGS,
  TOKEN
} from '../src/destinations/pinterest-conversions/__tests__/__helpers__/pinterest-fake'
import { track, webUserData } from '../src/destinations/pinterest-conversions/__tests__/__helpers__/segment-events'

afterEach(() => nock.cleanAll())

const expectedMajor = process.env.EXPECTED_NODE_MAJOR

describe(`on Node ${process.version}`, () => {
  if (expectedMajor) {
    it(`is the Node ${expectedMajor} the run asked for, without crypto.hash`, () => {
      expect(process.versions.node.split('.')[0]).toBe(expectedMajor)
      expect(typeof crypto.hash).toBe('undefined')
    })
  } else {
    it("is not the registry's Node 18 that npm linked in place of the one running npm", () => {
      expect(process.execPath).not.toContain(join('node_modules', 'node18'))
    })
  }

  const order = (id: string) =>
    track('Order Completed', { order_id: id, total: 30, currency: 'USD' }, { messageId: id })

  it('delivers one event with its personal data normalized and hashed', async () => {
    const pinterest = fakePinterest()
    await createTestIntegration(destination).testAction('reportConversionEvent', {
      event: order('o-1'),
      mapping: { event_name: 'checkout' },
      useDefaultMappings: true,
      settings: SETTINGS
    })
    expect(pinterest.bodies[0].data[0].user_data).toEqual(webUserData())
  })

  it('delivers a batch in one request, every event hashed', async () => {
    const pinterest = fakePinterest()
    const integration = createTestIntegration(destination)
    await integration.testBatchAction('reportConversionEvent', {
      events: ['o-1', 'o-2', 'o-3'].map(order),
      mapping: { event_name: 'checkout' },
      useDefaultMappings: true,
      settings: SETTINGS
    })
    expect(pinterest.bodies).toHaveLength(1)
    expect(pinterest.bodies[0].data.map((event) => event.user_data)).toEqual([
      webUserData(),
      webUserData(),
      webUserData()
    ])
    expect(integration.results[0].multistatus?.map((outcome) => outcome.status)).toEqual([200, 200, 200])
  })

  it('checks the credentials', async () => {
    const pinterest = fakePinterest()
    await expect(createTestIntegration(destination).testAuthentication(SETTINGS)).resolves.toBeUndefined()
    expect(pinterest.queries).toEqual(['test=true'])
    expect(pinterest.headers[0].authorization).toBe(`Bearer ${TOKEN}`)
  })

  it('reports a refused token', async () => {
    fakePinterest(() => [401, { code: 2, message: 'Authentication failed.' }])
    await expect(createTestIntegration(destination).testAuthentication(SETTINGS)).rejects.toThrow(/token/)
  })
})
