import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll} from 'vitest'
import {run, type RunResult} from './run.js'
import {repoRoot} from './temp.js'

export const BIN = join(repoRoot, 'bin', 'run.js')

/** An isolated environment for the built CLI: its own KMS_HOME and config, no AWS credentials or metadata lookups. */
export function cliEnv(): NodeJS.ProcessEnv & {KMS_HOME: string} {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'cli.js'))) throw new Error('the CLI is not built: run `npm run build` (npm test does it)')
  const dir = mkdtempSync(join(tmpdir(), 'kms-e2e-'))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))
  return {PATH: process.env.PATH, HOME: dir, KMS_HOME: join(dir, 'home'), KMS_CONFIG: join(dir, 'config.json'), AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'), NO_COLOR: '1'}
}

export function kms(env: NodeJS.ProcessEnv, args: string[], input?: string | Buffer): Promise<RunResult> {
  return run(process.execPath, [BIN, ...args], {env, input})
}

/** Runs the CLI and parses its --json output, failing with its stderr if it exits non-zero. */
export async function kmsJson<T = any>(env: NodeJS.ProcessEnv, args: string[]): Promise<T> {
  const result = await kms(env, [...args, '--json'])
  if (result.code !== 0) throw new Error(`kms ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`)
  return JSON.parse(result.stdout)
}
