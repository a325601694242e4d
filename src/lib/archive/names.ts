/**
 * Entry names and link targets, checked as text before anything touches the file system.
 *
 * An entry name is a `/`-separated relative path. Empty and `.` components are dropped
 * (`./a//b` is `a/b`), so GNU tar's `./` prefix is accepted. Refused: a NUL byte, a leading
 * `/` (absolute), any `..` component, even one that would stay inside.
 * A symbolic link target must be relative, free of NUL, and, read from the directory that
 * holds the link, must not climb above the extraction root.
 */
import {UnsafeArchiveError} from './errors.js'

/** Splits an entry name into its components; `[]` is the extraction root itself. */
export function splitEntryName(name: string): string[] {
  if (name.includes('\0')) throw new UnsafeArchiveError(name, 'the name contains a NUL byte')
  if (name.startsWith('/')) throw new UnsafeArchiveError(name, 'the name is an absolute path')
  const parts = name.split('/').filter((part) => part !== '' && part !== '.')
  if (parts.includes('..')) throw new UnsafeArchiveError(name, 'the name has a ".." component')
  return parts
}

/**
 * Checks the target of the symbolic link at `linkParts` (components below the root) and returns
 * where it points, as components below the root, read lexically (links along the way are
 * followed later by `findEscapingLink`).
 */
export function resolveLinkTarget(linkParts: readonly string[], linkname: string, entry = linkParts.join('/')): string[] {
  if (linkname === '') throw new UnsafeArchiveError(entry, 'the symbolic link has an empty target')
  if (linkname.includes('\0')) throw new UnsafeArchiveError(entry, 'the symbolic link target contains a NUL byte')
  if (linkname.startsWith('/')) throw new UnsafeArchiveError(entry, `the symbolic link points to the absolute path ${linkname}`)
  const resolved = walkComponents(linkParts.slice(0, -1), linkname.split('/'))
  if (resolved === undefined) throw new UnsafeArchiveError(entry, `the symbolic link target ${linkname} is outside the extraction directory`)
  return resolved
}

/** Applies path components to a directory; `undefined` when `..` climbs above the root. */
function walkComponents(start: readonly string[], components: readonly string[]): string[] | undefined {
  const stack = [...start]
  for (const part of components) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (stack.length === 0) return undefined
      stack.pop()
    } else {
      stack.push(part)
    }
  }
  return stack
}

/** At most this many links are followed in one resolution, as Linux does (then ELOOP). */
const MAX_LINK_HOPS = 40

/**
 * Follows every link the way the kernel will once the tree is in place, through the tree's own
 * links (keys: paths below the root; values: targets), and returns the links whose resolution
 * climbs above the root, e.g. `b -> a/..` where `a -> .`. A loop is no escape: the
 * kernel stops it (ELOOP).
 */
export function findEscapingLinks(links: ReadonlyMap<string, string>): string[] {
  const escaping: string[] = []
  for (const [path, target] of links) {
    if (climbsAboveRoot(links, path.split('/').slice(0, -1), target)) escaping.push(path)
  }
  return escaping
}

function climbsAboveRoot(links: ReadonlyMap<string, string>, start: string[], target: string): boolean {
  const stack = [...start]
  const queue = target.split('/').reverse()
  let hops = 0
  while (queue.length > 0) {
    const part = queue.pop() as string
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (stack.length === 0) return true
      stack.pop()
      continue
    }
    stack.push(part)
    const next = links.get(stack.join('/'))
    if (next === undefined) continue
    if (++hops > MAX_LINK_HOPS) return false
    if (next.startsWith('/')) return true
    stack.pop()
    queue.push(...next.split('/').reverse())
  }
  return false
}
