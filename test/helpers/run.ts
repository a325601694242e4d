import {spawn} from 'node:child_process'

export interface RunResult {
  code: number | null
  stdout: string
  /** stdout as bytes, for binary output. */
  stdoutBytes: Buffer
  stderr: string
}

/** Runs a program without blocking the event loop (an in-process server must keep answering). */
export function run(command: string, args: string[], options: {env?: NodeJS.ProcessEnv; input?: string | Buffer; cwd?: string; timeoutMs?: number} = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe']})
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', d => out.push(d))
    child.stderr.on('data', d => err.push(d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      const stdoutBytes = Buffer.concat(out)
      resolve({code, stdout: stdoutBytes.toString(), stdoutBytes, stderr: Buffer.concat(err).toString()})
    })
    child.stdin.end(options.input ?? '')
  })
}
