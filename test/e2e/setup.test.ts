/** The wizard through a real terminal (util-linux `script` gives it a pty), and its refusal without one. */
import {spawn} from 'node:child_process'
import {describe, expect, it} from 'vitest'
import {BIN, cliEnv, kms, kmsJson} from '../helpers/cli.js'

/** Runs `kms keys setup` in a pty, answering each prompt when its text appears. */
function runWizard(env: NodeJS.ProcessEnv, answers: [RegExp, string][]): Promise<{code: number | null; screen: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `${process.execPath} ${BIN} keys setup`, '/dev/null'], {env: {...env, TERM: 'xterm', COLUMNS: '120'}})
    let screen = ''
    let next = 0
    child.stdout.on('data', chunk => {
      screen += chunk
      while (next < answers.length && answers[next][0].test(screen)) {
        const [, keys] = answers[next++]
        setTimeout(() => child.stdin.write(keys), 50 * next)
      }
    })
    child.on('error', reject)
    child.on('close', code => resolve({code, screen}))
    setTimeout(() => child.kill('SIGKILL'), 60_000)
  })
}

describe('kms keys setup', () => {
  it('asks, creates a signing key with an alias, and prints the equivalent command', async () => {
    const env = cliEnv()
    const down = '\u001b[B'
    const result = await runWizard(env, [
      [/What is the key for\?/, `${down}\r`],
      [/Key spec/, '\r'],
      [/Description/, 'release signing\r'],
      [/Alias/, 'alias/release\r'],
      [/Multi-Region/, '\r'],
    ])
    expect(result.screen).toContain('kms keys create --spec ECC_NIST_P256 --description \'release signing\' --alias alias/release')
    expect(result.code).toBe(0)
    expect((await kmsJson(env, ['keys', 'describe', 'alias/release'])).KeyMetadata).toMatchObject({KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'release signing'})
  })

  it('asks again for an alias that already names a key, and creates no key until it gets a free one', async () => {
    const env = cliEnv()
    await kms(env, ['keys', 'create', '--alias', 'alias/taken'])
    const result = await runWizard(env, [
      [/What is the key for\?/, '\r'],
      [/Key spec/, '\r'],
      [/Description/, '\r'],
      [/Alias/, 'alias/taken\r'],
      [/already names the key/, `${'\u007f'.repeat(5)}free\r`],
      [/Rotate the key material/, 'n\r'],
      [/Multi-Region/, '\r'],
    ])
    expect(result.screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')).toMatch(/alias\/taken already names the key [0-9a-f-]{36}: pick/)
    expect(result.code).toBe(0)
    const listed = await kmsJson(env, ['keys', 'list'])
    expect(listed.Keys).toHaveLength(2)
    expect((await kmsJson(env, ['keys', 'describe', 'alias/free'])).KeyMetadata.KeyId).not.toBe((await kmsJson(env, ['keys', 'describe', 'alias/taken'])).KeyMetadata.KeyId)
  })

  it('ends with exit 130 when cancelled with Ctrl-C at a prompt, having created nothing', async () => {
    const env = cliEnv()
    const result = await runWizard(env, [[/What is the key for\?/, '\u0003']])
    expect(result.screen).toContain('cancelled: nothing was created')
    expect(result.code).toBe(130)
    expect((await kmsJson(env, ['keys', 'list'])).Keys).toEqual([])
  })

  it('refuses to run without a terminal (exit 2) and says what to run instead', async () => {
    const result = await kms(cliEnv(), ['keys', 'setup'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: kms keys setup asks questions and needs a terminal\nhint: in scripts: kms keys create/)
  })
})
