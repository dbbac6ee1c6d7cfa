/** A value left out of an event, and why. Never the value itself: it may be personal data. */
export interface LeftOut {
  /** The mapping field, with the index of a list entry: `custom_data.value`, `contents[2].quantity`. */
  field: string
  reason: string
}

/** What one event leaves out while it is built: it is still sent, with these warnings in its outcome. */
export class Warnings {
  list: LeftOut[] | undefined

  add(field: string, reason: string): void {
    const leftOut = { field, reason }
    if (this.list === undefined) this.list = [leftOut]
    else this.list.push(leftOut)
  }
}
