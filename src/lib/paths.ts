/** Where kms keeps its files: the local store ($KMS_HOME) and the config file. */
import {realpathSync} from 'node:fs'
import {homedir} from 'node:os'
import {basename, dirname, isAbsolute, join, relative, resolve} from 'node:path'

/** $KMS_HOME, else $XDG_DATA_HOME/kms, else ~/.local/share/kms. */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KMS_HOME) return env.KMS_HOME
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'kms')
}

/** $KMS_CONFIG, else $XDG_CONFIG_HOME/kms/config.json, else ~/.config/kms/config.json. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KMS_CONFIG) return env.KMS_CONFIG
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'kms', 'config.json')
}

/**
 * Whether `path` is `dir` itself or lies below it: as written (after resolving both), or once
 * symbolic links are followed (a link to a file inside `dir`, or a path through a link into it).
 */
export function isInside(dir: string, path: string): boolean {
  return isLexicallyInside(resolve(dir), resolve(path)) || isLexicallyInside(realPath(dir), realPath(path))
}

function isLexicallyInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith('../'))
}

/** The path with every link followed, for as much of it as exists (the rest appended as written). */
function realPath(path: string): string {
  const absolute = resolve(path)
  try {
    return realpathSync(absolute)
  } catch {
    const parent = dirname(absolute)
    return parent === absolute ? absolute : join(realPath(parent), basename(absolute))
  }
}
