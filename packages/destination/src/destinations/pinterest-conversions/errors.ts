import { IntegrationError, InvalidAuthenticationError, PayloadValidationError } from '@segment/actions-core'

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

/** A destination setting that cannot work, named as data (`ad_account_id`), like FieldValidationError's fields. */
export class SettingsError extends IntegrationError {
  readonly fields: readonly string[]

  constructor(message: string, setting: string) {
    super(message, 'INVALID_SETTINGS', 400)
    Object.defineProperty(this, 'name', { value: 'IntegrationError' })
    this.fields = [setting]
  }
}

/** Pinterest refused the token (401: `conversion_token`) or its access to the account (403: `ad_account_id`). */
export class AuthenticationError extends InvalidAuthenticationError {
  readonly fields: readonly string[]

  constructor(message: string, fields: readonly string[]) {
    super(message)
    Object.defineProperty(this, 'name', { value: 'InvalidAuthenticationError' })
    this.fields = fields
  }
}

/** The fields an error of ours names, when it names any. */
export function fieldsOf(error: unknown): readonly string[] | undefined {
  return error instanceof FieldValidationError || error instanceof SettingsError || error instanceof AuthenticationError
    ? error.fields
    : undefined
}
