import { PayloadValidationError } from '@segment/actions-core'

/**
 * A PayloadValidationError that also says, as data, which mapping fields caused it
 * ("user_data.email", "custom_data.currency", "contents[1].item_price"), so that tools can
 * show the error next to the field rather than parse the message.
 */
export class FieldValidationError extends PayloadValidationError {
  readonly fields: readonly string[]

  constructor(message: string, fields: readonly string[]) {
    super(message)
    // Runtimes and logs know the framework's name; the subclass only adds `fields`.
    Object.defineProperty(this, 'name', { value: 'PayloadValidationError' })
    this.fields = fields
  }
}
