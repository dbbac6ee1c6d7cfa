import nock from 'nock'

// Tests talk to nock or to servers on this machine, never to the internet.
nock.disableNetConnect()
nock.enableNetConnect('127.0.0.1')
