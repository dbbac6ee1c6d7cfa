import { isAlreadyHashed, processHashing } from '../hash'

// SHA-256 of "abc", from FIPS 180-2.
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'

describe('processHashing', () => {
  it('hashes to lowercase hex', () => {
    expect(processHashing('abc', 'sha256', 'hex')).toBe(ABC)
  })

  it('cleans the value before hashing it', () => {
    expect(processHashing(' ABC ', 'sha256', 'hex', (value) => value.trim().toLowerCase())).toBe(ABC)
  })

  it('gives an empty string for an empty value', () => {
    expect(processHashing('  ', 'sha256', 'hex')).toBe('')
  })

  it('returns a digest as it is, in either case', () => {
    expect(processHashing(ABC.toUpperCase(), 'sha256', 'hex')).toBe(ABC.toUpperCase())
    expect(isAlreadyHashed(ABC, 'sha256', 'hex')).toBe(true)
    expect(isAlreadyHashed(`${ABC}0`, 'sha256', 'hex')).toBe(false)
  })

  it('gives the same digests where crypto.hash does not exist (Node before 20.12)', () => {
    jest.isolateModules(() => {
      jest.doMock('crypto', () => ({ ...jest.requireActual<object>('crypto'), hash: undefined }))
      const withoutHash = jest.requireActual<typeof import('../hash')>('../hash')
      expect(withoutHash.processHashing('abc', 'sha256', 'hex')).toBe(ABC)
      expect(withoutHash.processHashing('Zürich', 'sha256', 'hex')).toBe(processHashing('Zürich', 'sha256', 'hex'))
    })
  })
})
