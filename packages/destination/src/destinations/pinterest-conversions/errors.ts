import { IntegrationError, InvalidAuthenticationError, PayloadValidationError } from '@segment/actions-core'

/**
 * A PayloadValidationError that also says, as data, which mapping fields caused it
 * ("user_data.email", "custom_data.currency", "contents[1].item_price"), so that tools can
 * show the error next to the field rather than parse the message.
 */
export class FieldValidationError extends PayloadValidationError {
  readonly fields: readonly string[]
  /** Each reason the event is refused for, with its fields (one, unless several were found at once). */
  readonly problems: readonly Problem[]

  constructor(message: string, fields: readonly string[], problems?: readonly Problem[]) {
    super(message)
    // Runtimes and logs know the framework's name; the subclass only adds `fields` and `problems`.
    Object.defineProperty(this, 'name', { value: 'PayloadValidationError' })
    this.fields = fields
    this.problems = problems ?? [{ message, fields }]
  }

  /** One error for every problem found, so a person reads them all at once rather than one per try. */
  static of(problems: readonly Problem[]): FieldValidationError {
    if (problems.length === 1) return new FieldValidationError(problems[0].message, problems[0].fields)
    const message = problems.map((problem) => problem.message).join(' ')
    return new FieldValidationError(message, [...new Set(problems.flatMap((p) => p.fields))], problems)
  }
}

/** One reason an event is refused, and the fields it is about. */
export interface Problem {
  message: string
  fields: readonly string[]
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
