/** `kms decrypt --list`: entries like `tar -tv`. */
import type {ArchiveEntry} from '../archive/index.js'

const TYPE: Record<string, string> = {directory: 'd', file: '-', symlink: 'l', hardlink: 'h'}

export function renderArchiveList(entries: ArchiveEntry[]): string {
  return entries.map(e => {
    // As stored, setuid/setgid/sticky included (extraction strips setuid and setgid).
    const mode = (e.mode & 0o7777).toString(8).padStart(4, '0')
    const link = e.linkname ? ` -> ${e.linkname}` : ''
    return `${TYPE[e.type] ?? '?'}${mode} ${String(e.size).padStart(12)} ${e.mtime.toISOString().replace(/\.\d{3}Z$/, 'Z')} ${escapeName(e.name)}${link && escapeName(link)}`
  }).join('\n')
}

const ESCAPES: Record<string, string> = {'\n': '\\n', '\t': '\\t', '\r': '\\r', '\\': '\\\\'}

/** One entry a line, whatever its name holds: control characters and backslashes escaped, as GNU tar lists them. */
function escapeName(name: string): string {
  return name.replace(/[\x00-\x1f\x7f\\]/g, c => ESCAPES[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)
}
