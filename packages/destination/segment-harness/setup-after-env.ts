// What Segment's packages/destination-actions/test/setup-after-env.ts does around every test file.
import nock from 'nock'

beforeEach(() => {
  // Each test starts with no interceptor left over from the one before.
  nock.cleanAll()
})

beforeAll(() => {
  // Only the local servers of the tests themselves are reachable.
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
  // The previous test file in this worker restored http; intercept again.
  if (!nock.isActive()) nock.activate()
})

afterAll(() => {
  nock.restore()
  nock.enableNetConnect()
  nock.cleanAll()
})
