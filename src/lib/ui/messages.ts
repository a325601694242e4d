/** How errors, warnings and hints look on the terminal: `error: …` then `hint: …` lines (age's style). */
import type {KmsError} from '../errors.js'

export function formatError(error: KmsError): string {
  return [`error: ${error.message}`, ...error.hints.map(h => `hint: ${h}`)].join('\n') + '\n'
}

export function formatWarning(message: string): string {
  return `warning: ${message}\n`
}

/** "1 file", "2 files". */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/** A value as a POSIX shell word: as is when safe, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}
