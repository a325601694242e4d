/** `kms local serve` as a user starts it: the URL on stdout, and one-line errors when it cannot listen. */
import {spawn, type ChildProcess} from 'node:child_process'
import {afterEach, describe, expect, it} from 'vitest'
import {BIN, cliEnv, kms} from '../helpers/cli.js'

const servers: ChildProcess[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.kill('SIGTERM')
})

/** Starts a server and resolves with the first line it prints (its URL). */
function serve(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const server = spawn(process.execPath, [BIN, 'local', 'serve', '--quiet', ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
  servers.push(server)
  return new Promise((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (chunk) => {
      out += chunk
      if (out.includes('\n')) resolve(out.split('\n')[0])
    })
    server.once('exit', code => reject(new Error(`kms local serve exited ${code}`)))
  })
}

describe('kms local serve', () => {
  it('refuses a port in use in one line (exit 2) with a hint, and takes an IPv6 loopback host in brackets', async () => {
    const env = cliEnv()
    const url = await serve(env, ['--port', '0'])
    const port = new URL(url).port
    const busy = await kms(env, ['local', 'serve', '--port', port])
    expect(busy.code).toBe(2)
    expect(busy.stderr).toBe(`error: cannot serve on 127.0.0.1:${port}: the port is in use\nhint: choose another with --port, or --port 0 for a free one\n`)
    expect(await serve(env, ['--host', '[::1]', '--port', '0'])).toMatch(/^http:\/\/\[::1\]:\d+$/)
  })
})
