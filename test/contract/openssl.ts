import {execFileSync} from 'node:child_process'

/** Runs OpenSSL; a missing openssl is a failure with a clear message, never a skip. */
export function openssl(args: string[], input?: Buffer): string {
  try {
    return execFileSync('openssl', args, {input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']})
  } catch (error) {
    const e = error as NodeJS.ErrnoException & {stderr?: string; stdout?: string; status?: number}
    if (e.code === 'ENOENT') throw new Error('these tests need OpenSSL: install it (apt-get install openssl) so that `openssl` is on PATH')
    throw new Error(`openssl ${args.join(' ')} failed (${e.status}): ${e.stderr || e.stdout}`)
  }
}
