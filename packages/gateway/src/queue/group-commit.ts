/**
 * Group commit: the calls that arrive within one turn of the event loop, or while the previous
 * commit is still under way, are written by one commit and settle together. One fsync then
 * serves many HTTP requests, which is what lets a durable queue take thousands of events a second.
 */
export class GroupCommit<T, R> {
  private pending: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = []
  private scheduled = false
  private running: Promise<void> | undefined

  /**
   * `commit` writes every item in one transaction and answers one result per item, in order.
   * `isolates(error)` says whether an error came from the data rather than the store (a value it
   * cannot hold): then each item of the failed group is committed again alone, so that only the
   * one that caused it fails, not every request that happened to share its transaction.
   */
  constructor(
    private readonly commit: (items: T[]) => R[] | Promise<R[]>,
    private readonly isolates: (error: unknown) => boolean = () => false
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject })
      this.schedule()
    })
  }

  /** Resolves once every call submitted so far has been committed (or has failed). */
  async drain(): Promise<void> {
    while (this.running || this.scheduled) await (this.running ?? nextTurn())
  }

  private schedule(): void {
    if (this.scheduled || this.running) return
    this.scheduled = true
    // setImmediate rather than a microtask: requests read in the same I/O phase join the group.
    setImmediate(() => {
      this.scheduled = false
      // Cleared in `finally`, which always runs after this assignment (even when a synchronous
      // commit throws before flush() ever awaits).
      this.running = this.flush().finally(() => {
        this.running = undefined
        if (this.pending.length > 0) this.schedule()
      })
    })
  }

  /** Never rejects: a failed commit rejects the calls of its group. */
  private async flush(): Promise<void> {
    const group = this.pending
    this.pending = []
    try {
      const results = await this.commit(group.map((call) => call.item))
      group.forEach((call, i) => call.resolve(results[i]))
    } catch (error) {
      // The transaction rolled back as a whole: none of these events is stored.
      if (group.length > 1 && this.isolates(error)) return this.oneByOne(group)
      for (const call of group) call.reject(error)
    }
  }

  private async oneByOne(group: typeof this.pending): Promise<void> {
    for (const call of group) {
      try {
        call.resolve((await this.commit([call.item]))[0])
      } catch (error) {
        call.reject(error)
      }
    }
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
