/**
 * Excludes: `--exclude GLOB` patterns and the root's `.kmsignore` file, with gitignore-like rules.
 *
 * - paths are matched relative to the packed root, with `/` separators (`a/b.jpg`)
 * - a pattern without a `/` (a trailing one aside) matches the name at any depth (`*.tmp`)
 * - a pattern with a `/` is anchored at the root (`build/out`, `/notes.txt`); `**` spans directories
 * - a trailing `/` matches directories only (`cache/`)
 * - `!pattern` re-includes what an earlier pattern excluded; the last matching pattern wins
 * - an excluded directory is not read at all, so nothing below it can be re-included
 * - globs are picomatch globs; `*` matches dot files too
 * - in `.kmsignore`: one pattern per line; blank lines and lines starting with `#` are ignored;
 *   surrounding whitespace is trimmed, except a trailing space escaped with a backslash (`name\ `). `.kmsignore` is read from the root only, and is packed.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import picomatch from 'picomatch'
import {describeFsError} from './errors.js'

/** Tells whether the entry at `path` (relative to the root) is left out. */
export type ExcludeMatcher = ((path: string, isDirectory: boolean) => boolean) & {
  /** The patterns, of those compiled, that have matched nothing so far. */
  unused(): string[]
}

interface Rule {
  pattern: string
  used: boolean
  negate: boolean
  directoryOnly: boolean
  anchored: boolean
  test: (path: string) => boolean
}

export const IGNORE_FILE = '.kmsignore'

/** Compiles patterns, in order, into one matcher. */
export function compileExcludes(patterns: readonly string[]): ExcludeMatcher {
  const rules = patterns.map(compileRule).filter((rule): rule is Rule => rule !== undefined)
  const unused = () => rules.filter(rule => !rule.used).map(rule => rule.pattern)
  if (rules.length === 0) return Object.assign(() => false, {unused})
  return Object.assign((path: string, isDirectory: boolean) => {
    const slash = path.lastIndexOf('/')
    const name = slash === -1 ? path : path.slice(slash + 1)
    let excluded = false
    for (const rule of rules) {
      if (rule.directoryOnly && !isDirectory) continue
      if (rule.test(rule.anchored ? path : name)) {
        excluded = !rule.negate
        rule.used = true
      }
    }
    return excluded
  }, {unused})
}

function compileRule(pattern: string): Rule | undefined {
  let glob = pattern
  const negate = glob.startsWith('!')
  if (negate) glob = glob.slice(1)
  const directoryOnly = glob.endsWith('/')
  glob = glob.replace(/\/+$/, '')
  const anchored = glob.includes('/')
  glob = glob.replace(/^\/+/, '')
  if (glob === '') return undefined
  return {pattern, used: false, negate, directoryOnly, anchored, test: picomatch(glob, {dot: true})}
}

/** Reads the patterns of `<root>/.kmsignore`; none when the file does not exist. */
export function readIgnoreFile(root: string): string[] {
  let text: string
  try {
    text = readFileSync(join(root, IGNORE_FILE), 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw describeFsError('read', join(root, IGNORE_FILE), err)
  }
  return parseIgnoreText(text)
}

/** Splits ignore-file text into patterns, dropping blank lines and `#` comments; trailing whitespace goes unless escaped (`name\ `), as in .gitignore. */
export function parseIgnoreText(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.replace(/^\s+/, '').replace(/(?<!\\)\s+$/, '')).filter((line) => line !== '' && !line.startsWith('#'))
}
