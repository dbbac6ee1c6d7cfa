import { drop, Normalized } from './result'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

// Year first: 1990-07-04, 1990/7/4, 1990.07.04, and the date part of an ISO datetime (read as
// written: shifting it to another time zone would change the day someone was born).
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s].*)?$/
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/
// Day and month in either order with the year last: 04/07/1990, 7-4-1990.
const YEAR_LAST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/
// Month names: "July 4, 1990", "4 July 1990", "4-Jul-1990".
const MONTH_NAME_FIRST = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/
const DAY_FIRST_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?,?[\s-]+(\d{4})$/

/** Date of birth as YYYYMMDD, from forms that say unambiguously which number is the month. */
export function normalizeDateOfBirth(value: string, now = Date.now()): Normalized {
  const text = value.trim().toLowerCase()
  const parts = readDate(text)
  if (parts === 'ambiguous') return drop('is ambiguous: day and month could be either way round')
  if (!parts) return drop('is not a date we can read as year, month and day')
  const [year, month, day] = parts
  if (!isRealDate(year, month, day)) return drop('is not a calendar date')
  if (year < 1900 || Date.UTC(year, month - 1, day) > now) return drop('is not a plausible birth date')
  // A four-digit year: the number is written out as exactly YYYYMMDD.
  return String(year * 10000 + month * 100 + day)
}

type DateParts = [year: number, month: number, day: number]

function readDate(text: string): DateParts | 'ambiguous' | undefined {
  let m = YEAR_FIRST.exec(text) ?? COMPACT.exec(text)
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])]
  if ((m = YEAR_LAST.exec(text))) return dayAndMonth(Number(m[1]), Number(m[2]), Number(m[3]))
  if ((m = MONTH_NAME_FIRST.exec(text))) return withMonthName(m[1], Number(m[2]), Number(m[3]))
  if ((m = DAY_FIRST_NAME.exec(text))) return withMonthName(m[2], Number(m[1]), Number(m[3]))
  return undefined
}

function dayAndMonth(first: number, second: number, year: number): DateParts | 'ambiguous' {
  if (first === second) return [year, first, second]
  if (first > 12) return [year, second, first]
  if (second > 12) return [year, first, second]
  return 'ambiguous'
}

function withMonthName(name: string, day: number, year: number): DateParts | undefined {
  const month = MONTHS.indexOf(name.slice(0, 3)) + 1
  return month > 0 ? [year, month, day] : undefined
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0
  return day <= DAYS_IN_MONTH[month - 1] + leapDay
}
