import {UsageError} from './errors.js'

/** `name=value` arguments (tags, encryption context) as a record; the value may contain `=`. */
export function parsePairs(values: string[] | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of values ?? []) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new UsageError(`${what} '${pair}' is not NAME=VALUE`, {hint: `write it as ${what === 'tag' ? 'team=payments' : 'purpose=backup'}`})
    const name = pair.slice(0, at)
    if (name in out) throw new UsageError(`${what} '${name}' is given twice`)
    out[name] = pair.slice(at + 1)
  }
  return out
}
