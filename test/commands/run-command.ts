/**
 * Runs a command class in process, as `bin/run.js` would, against a local home: captures stdout,
 * stderr, the `--json` value and the exit code. No build needed.
 */
import type {Command} from '@oclif/core'
import {join} from 'node:path'
import {vi} from 'vitest'
import {repoRoot, tempDir} from '../helpers/temp.js'

export interface RunResult {
  stdout: string
  stderr: string
  exitCode: number
  /** The parsed stdout when --json was given. */
  json?: any
}

type CommandClass = {run(argv?: string[], opts?: string): Promise<unknown>} & typeof Command

/** A fresh local home (and empty config) for the commands of one test file. */
export function useLocalHome(): string {
  const home = tempDir('kms-cmd-')
  process.env.KMS_HOME = home
  process.env.KMS_CONFIG = join(home, 'config.json')
  for (const name of ['KMS_BACKEND', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL_KMS', 'AWS_ENDPOINT_URL', 'AWS_PROFILE']) delete process.env[name]
  return home
}

export async function runCommand(command: CommandClass, argv: string[]): Promise<RunResult> {
  const out: string[] = []
  const err: string[] = []
  const capture = (sink: string[]) => (chunk: string | Uint8Array) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'))
    return true
  }
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out) as never)
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err) as never)
  const line = (sink: string[]) => (...args: unknown[]) => void sink.push(`${args.map(String).join(' ')}\n`)
  const consoles = [vi.spyOn(console, 'log').mockImplementation(line(out)), vi.spyOn(console, 'info').mockImplementation(line(out)),
    vi.spyOn(console, 'error').mockImplementation(line(err)), vi.spyOn(console, 'warn').mockImplementation(line(err))]
  let exitCode = 0
  try {
    await command.run(argv, repoRoot)
  } catch (error) {
    exitCode = (error as {oclif?: {exit?: number}}).oclif?.exit ?? 1
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
    for (const spy of consoles) spy.mockRestore()
  }
  const result: RunResult = {stdout: out.join(''), stderr: err.join(''), exitCode}
  if (argv.includes('--json')) result.json = JSON.parse(result.stdout)
  return result
}

export {openssl} from '../contract/openssl.js'
