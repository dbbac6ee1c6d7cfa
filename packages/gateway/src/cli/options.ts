import { InvalidArgumentError } from 'commander'

/** commander's parser for an option that takes a whole number from `min` to `max`. */
export function wholeNumberFrom(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value)
    if (!Number.isInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`a whole number from ${min} to ${max}`)
    }
    return number
  }
}
