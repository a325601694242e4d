/**
 * What the benchmark scripts share: finding peer tools (with an install hint when one is missing),
 * checking that the build exists, and an environment that keeps kms away from the user's store,
 * config file and AWS settings.
 */
import {accessSync, constants, existsSync, mkdirSync} from 'node:fs'
import {delimiter, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A failure the user can act on: printed as `error:` and `hint:` lines (the CLI's style), exit code 1. */
export class BenchError extends Error {
  constructor(message, hint) {
    super(message)
    this.hint = hint
  }
}

export function fail(message, hint) {
  throw new BenchError(message, hint)
}

// Importing this module makes a BenchError end the script as `error:`/`hint:` lines and exit code 1,
// after the finally blocks it passed through (temporary directories, child servers) have run.
process.on('uncaughtException', error => {
  process.stderr.write(error instanceof BenchError ? `error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}` : `${error.stack ?? error}\n`)
  process.exit(1)
})

/** The absolute path of `name` on $PATH, or undefined. */
export function findTool(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, name)
    try {
      accessSync(path, constants.X_OK)
      return path
    } catch {}
  }
  return undefined
}

/** The absolute path of `name`, or exit with e.g. "error: age not found: apt-get install age". */
export function requireTool(name, install) {
  return findTool(name) ?? fail(`${name} not found: ${install}`, `put ${name} on PATH (PATH=${process.env.PATH ?? ''})`)
}

/** GNU time, for the peak RSS of processes that are not ours; undefined when absent (the column shows n/a). */
export function findGnuTime() {
  return existsSync('/usr/bin/time') ? '/usr/bin/time' : findTool('time')
}

/** Exit unless `npm run build` has produced `dist/` and the oclif manifest. */
export function requireBuild() {
  if (!existsSync(join(ROOT, 'dist/lib/envelope/index.js')) || !existsSync(join(ROOT, 'dist/cli/cli.js')) || !existsSync(join(ROOT, 'oclif.manifest.json'))) {
    fail('dist/ not found: the benchmarks run the built CLI', 'npm run build')
  }
}

/** Import an npm package, or exit with a hint. */
export async function importPackage(name) {
  try {
    return await import(name)
  } catch (error) {
    if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error
    return fail(`${name} not found: npm install (it is in package.json)`, error.message.split('\n')[0])
  }
}

/** Environment for kms children: a private KMS_HOME and KMS_CONFIG under `dir`, the local backend, no inherited key or endpoint. */
export function isolatedKmsEnv(dir) {
  mkdirSync(join(dir, 'home'), {recursive: true})
  const env = {...process.env, KMS_HOME: join(dir, 'home'), KMS_CONFIG: join(dir, 'config.json'), KMS_BACKEND: 'local'}
  for (const name of ['KMS_KEY', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_KMS']) delete env[name]
  return env
}
