import nock from 'nock'

// Tests talk to nock or to servers on this machine, never to the internet.
nock.disableNetConnect()
nock.enableNetConnect('127.0.0.1')

// nock installs its interceptor on Node's shared http module once per process, but jest gives
// every test file a fresh copy of nock: without this, the next file in the same worker finds
// the previous file's interceptor in place and nothing intercepts its requests.
afterAll(() => {
  nock.cleanAll()
  nock.restore()
})
