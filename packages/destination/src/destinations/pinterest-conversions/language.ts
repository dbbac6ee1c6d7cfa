const LANGUAGE = /^([a-z]{2})(?:[-_]|$)/i
// The codes ISO 639-1 withdrew in 1989, which Java's Locale (and so Android before API 34) still writes.
const WITHDRAWN: Record<string, string> = { iw: 'he', in: 'id', ji: 'yi' }

/** ISO 639-1 from a locale: en-US → en. Three-letter languages have no two-letter form: undefined. */
export function languageOf(locale: string): string | undefined {
  const language = LANGUAGE.exec(locale.trim())?.[1].toLowerCase()
  return language === undefined ? undefined : WITHDRAWN[language] ?? language
}
