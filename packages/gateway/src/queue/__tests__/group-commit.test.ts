import { GroupCommit } from '../group-commit'

describe('GroupCommit', () => {
  it('commits the calls of one turn together, and those made during a commit in the next one', async () => {
    const commits: number[][] = []
    let finish: () => void = () => undefined
    const group = new GroupCommit<number, string>(async (items) => {
      commits.push(items)
      if (commits.length === 1) await new Promise<void>((resolve) => (finish = resolve))
      return items.map((n) => `done ${n}`)
    })
    const first = [group.submit(1), group.submit(2), group.submit(3)]
    await new Promise((resolve) => setImmediate(resolve))
    const during = [group.submit(4), group.submit(5)]
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(commits).toEqual([[1, 2, 3]])
    finish()
    expect(await Promise.all([...first, ...during])).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5'])
    expect(commits).toEqual([
      [1, 2, 3],
      [4, 5]
    ])
  })

  it('rejects every call of a failed commit, the next group unaffected, and drains', async () => {
    let fail = true
    const group = new GroupCommit<number, number>((items) => {
      if (fail) throw new Error('disk full')
      return items
    })
    const failed = Promise.allSettled([group.submit(1), group.submit(2)])
    await group.drain()
    expect((await failed).map((o) => o.status)).toEqual(['rejected', 'rejected'])
    fail = false
    const ok = group.submit(3)
    await group.drain()
    expect(await ok).toBe(3)
  })

  it('commits each call of a group alone when the store says the data failed it, so only the culprit fails', async () => {
    const commits: number[][] = []
    const poison = Object.assign(new Error('invalid byte sequence'), { code: '22021' })
    const group = new GroupCommit<number, number>(
      (items) => {
        commits.push(items)
        if (items.includes(13)) throw poison
        return items
      },
      (error) => (error as { code?: string }).code === '22021'
    )
    const outcomes = await Promise.allSettled([group.submit(1), group.submit(13), group.submit(2)])
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : 'rejected'))).toEqual([1, 'rejected', 2])
    expect(commits).toEqual([[1, 13, 2], [1], [13], [2]])
    // An outage fails the group as it is, without a commit per call.
    const down = new GroupCommit<number, number>(
      () => {
        throw new Error('connection refused')
      },
      () => false
    )
    expect((await Promise.allSettled([down.submit(1), down.submit(2)])).map((o) => o.status)).toEqual([
      'rejected',
      'rejected'
    ])
  })
})
