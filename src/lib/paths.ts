/** Where kms keeps its files: the local store ($KMS_HOME) and the config file. */
import {homedir} from 'node:os'
import {isAbsolute, join, relative, resolve} from 'node:path'

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

/** Whether `path` is `dir` itself or lies below it (lexically, after resolving both). */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path))
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith('../'))
}
