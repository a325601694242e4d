/** `kms encrypt` / `kms decrypt` / `kms inspect` on files and streams, end to end (issue: envelope encryption). */
import {randomBytes} from 'node:crypto'
import {existsSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {BIN, cliEnv, kms, kmsJson} from '../helpers/cli.js'
import {run} from '../helpers/run.js'

describe('kms encrypt and decrypt of files and streams', () => {
  let env: ReturnType<typeof cliEnv>
  let dir: string
  let keyA: string
  let keyB: string
  const data = randomBytes(300_000)

  beforeAll(async () => {
    env = cliEnv()
    dir = env.HOME!
    keyA = (await kmsJson(env, ['keys', 'create', '--alias', 'alias/a'])).KeyMetadata.Arn
    keyB = (await kmsJson(env, ['keys', 'create', '--alias', 'alias/b'])).KeyMetadata.Arn
    writeFileSync(join(dir, 'data.bin'), data)
  })

  const file = (name: string) => join(dir, name)
  const leftovers = () => readdirSync(dir).filter(n => n.endsWith('.tmp') || n.includes('staging'))

  it('encrypts a file to FILE.kms with the default key and decrypts it back (a fresh machine needs no key setup)', async () => {
    const enc = await kms(env, ['encrypt', file('data.bin')])
    expect(enc.code).toBe(0)
    expect(enc.stdout).toContain('data.bin.kms')
    const info = await kmsJson(env, ['inspect', file('data.bin.kms')])
    expect(info).toMatchObject({AlgorithmSuiteId: '0x0578', Signed: true, FrameLength: 1024 * 1024, EncryptedDataKeys: [{ProviderId: 'aws-kms'}]})
    const defaultKey = await kmsJson(env, ['keys', 'describe', 'alias/default'])
    expect(info.EncryptedDataKeys[0].KeyArn).toBe(defaultKey.KeyMetadata.Arn)
    const dec = await kms(env, ['decrypt', file('data.bin.kms'), '-o', file('back.bin')])
    expect(dec.code).toBe(0)
    expect(readFileSync(file('back.bin')).equals(data)).toBe(true)
  })

  it('on the AWS backend, refuses a decrypt without any key as encrypt does (exit 2), before calling KMS', async () => {
    const result = await kms({...env, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1'},
      ['decrypt', file('data.bin.kms'), '--backend', 'aws', '--endpoint-url', 'http://127.0.0.1:9'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: no key given to decrypt with\nhint: name the key it was encrypted under: -k KEY \(kms inspect .*data\.bin\.kms lists them\)\n/)
  })

  it('takes an alias ARN of another Region on decrypt as on encrypt (aliases are looked up in their own Region)', async () => {
    const eu = (await kmsJson(env, ['keys', 'create', '--region', 'eu-west-1', '--alias', 'alias/eu'])).KeyMetadata
    const aliasArn = `arn:aws:kms:eu-west-1:${eu.AWSAccountId}:alias/eu`
    expect((await kms(env, ['encrypt', file('data.bin'), '-k', aliasArn, '-o', file('eu.kms')])).code).toBe(0)
    const dec = await kms(env, ['decrypt', file('eu.kms'), '-k', aliasArn, '-o', file('eu.bin')])
    expect([dec.code, dec.stderr]).toEqual([0, ''])
    expect(readFileSync(file('eu.bin')).equals(data)).toBe(true)
  })

  it('wraps the data key under every -k key (a key named twice, once); either key alone decrypts; another key fails with exit 6 and names the right keys', async () => {
    expect((await kms(env, ['encrypt', file('data.bin'), '-k', 'alias/a', '-k', keyB, '-k', 'alias/a', '-o', file('two.kms'), '--unsigned'])).code).toBe(0)
    const info = await kmsJson(env, ['inspect', file('two.kms')])
    expect(info.EncryptedDataKeys.map((e: any) => e.KeyArn)).toEqual([keyA, keyB])
    expect(info.AlgorithmSuiteId).toBe('0x0478')
    for (const [i, key] of [['1', 'alias/a'], ['2', keyB]]) {
      expect((await kms(env, ['decrypt', file('two.kms'), '-k', key, '-o', file(`two-${i}.bin`)])).code).toBe(0)
      expect(readFileSync(file(`two-${i}.bin`)).equals(data)).toBe(true)
    }
    const other = (await kmsJson(env, ['keys', 'create'])).KeyMetadata.KeyId
    const wrong = await kms(env, ['decrypt', file('two.kms'), '-k', other, '-o', file('wrong.bin')])
    expect(wrong.code).toBe(6)
    expect(wrong.stderr).toContain(`none of the keys given can decrypt`)
    expect(wrong.stderr).toContain(`hint: its data key is wrapped under ${keyA}, ${keyB}`)
    expect(existsSync(file('wrong.bin'))).toBe(false)
    // More wrapped keys than --max-encrypted-data-keys allows: said so (exit 8), not "not a message, or damaged".
    const limited = await kms(env, ['decrypt', file('two.kms'), '-k', 'alias/a', '--max-encrypted-data-keys', '1', '-o', file('limited.bin')])
    expect([limited.code, limited.stderr]).toEqual([8, `error: ${file('two.kms')} has 2 encrypted data keys, more than the limit of 1\n` +
      'hint: if you trust where it came from: --max-encrypted-data-keys 2\n'])
  })

  it('binds the encryption context: decrypt -c pairs must match, else exit 6 and no output', async () => {
    await kms(env, ['encrypt', file('data.bin'), '-k', 'alias/a', '-c', 'purpose=backup', '-c', 'team=ops', '-o', file('ctx.kms')])
    const bad = await kms(env, ['decrypt', file('ctx.kms'), '-k', 'alias/a', '-c', 'purpose=other', '-o', file('ctx.bin')])
    expect(bad.code).toBe(6)
    expect(bad.stderr).toMatch(/^error: decryption of \S+ failed: /)
    expect(existsSync(file('ctx.bin'))).toBe(false)
    const good = await kmsJson(env, ['decrypt', file('ctx.kms'), '-k', 'alias/a', '-c', 'purpose=backup', '-o', file('ctx.bin')])
    expect(good.EncryptionContext).toMatchObject({purpose: 'backup', team: 'ops'})
  })

  it('fails with exit 6 on a tampered file and leaves no output or temporary file', async () => {
    const message = readFileSync(file('data.bin.kms'))
    for (const at of [100, message.length - 50, Math.floor(message.length / 2)]) {
      const tampered = Buffer.from(message)
      tampered[at] ^= 0x01
      writeFileSync(file('tampered.kms'), tampered)
      const result = await kms(env, ['decrypt', file('tampered.kms'), '-o', file('tampered.bin')])
      expect(result.code).toBe(6)
      expect(existsSync(file('tampered.bin'))).toBe(false)
    }
    writeFileSync(file('truncated.kms'), message.subarray(0, message.length - 10))
    expect((await kms(env, ['decrypt', file('truncated.kms'), '-o', file('truncated.bin')])).code).toBe(6)
    expect(leftovers()).toEqual([])
  })

  it('streams stdin to stdout: encrypt - | decrypt -', async () => {
    const enc = await kms(env, ['encrypt', '-', '-k', 'alias/b'], data)
    expect(enc.code).toBe(0)
    const dec = await kms(env, ['decrypt', '-', '-k', 'alias/b'], enc.stdoutBytes)
    expect(dec.code).toBe(0)
    expect(dec.stdoutBytes.equals(data)).toBe(true)
  })

  it('refuses to overwrite without --force, and refuses input == output', async () => {
    writeFileSync(file('exists.kms'), 'keep me')
    const refused = await kms(env, ['encrypt', file('data.bin'), '-o', file('exists.kms')])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/already exists\nhint: .*--force/)
    expect(readFileSync(file('exists.kms'), 'utf8')).toBe('keep me')
    expect((await kms(env, ['encrypt', file('data.bin'), '-o', file('exists.kms'), '--force'])).code).toBe(0)
    const same = await kms(env, ['encrypt', file('data.bin'), '-o', file('data.bin'), '--force'])
    expect(same.code).toBe(2)
    expect(same.stderr).toContain('input and output are the same file')
  })

  it('makes a 0600 raw key with kms random, refusing to overwrite one', async () => {
    expect((await kms(env, ['random', '32', '-o', file('made.key')])).code).toBe(0)
    expect(statSync(file('made.key')).mode & 0o777).toBe(0o600)
    expect(readFileSync(file('made.key'))).toHaveLength(32)
    expect((await kms(env, ['random', '32', '-o', file('made.key')])).code).toBe(2)
    expect(Buffer.from((await kms(env, ['random', '24'])).stdout.trim(), 'base64')).toHaveLength(24)
    // -o - is stdout, raw, as everywhere else (it wrote a file named '-'); --force replaces a file, which stays 0600.
    const raw = await run(process.execPath, [BIN, 'random', '16', '-o', '-'], {env, cwd: env.HOME})
    expect([raw.code, raw.stdoutBytes.length, raw.stderr]).toEqual([0, 16, ''])
    expect(existsSync(file('-'))).toBe(false)
    writeFileSync(file('loose.key'), 'old', {mode: 0o644})
    expect((await kms(env, ['random', '32', '-o', file('loose.key'), '--force'])).code).toBe(0)
    expect([statSync(file('loose.key')).mode & 0o777, readFileSync(file('loose.key')).length]).toEqual([0o600, 32])
    const nodir = await kms(env, ['random', '16', '-o', file('nodir/k')])
    expect([nodir.code, nodir.stderr]).toEqual([3, `error: cannot write ${file('nodir/k')}: no such file or directory\n`])
  })

  it('encrypts and decrypts with a raw AES key offline, and inspect shows its name', async () => {
    writeFileSync(file('offline.key'), randomBytes(32), {mode: 0o600})
    const spec = `backup/offline-1=${file('offline.key')}`
    expect((await kms(env, ['encrypt', file('data.bin'), '--raw-aes-key', spec, '-o', file('raw.kms')])).code).toBe(0)
    expect((await kmsJson(env, ['inspect', file('raw.kms')])).EncryptedDataKeys).toEqual([{ProviderId: 'backup', ProviderInfo: 'offline-1'}])
    expect((await kms(env, ['decrypt', file('raw.kms'), '--raw-aes-key', spec, '-o', file('raw.bin')])).code).toBe(0)
    expect(readFileSync(file('raw.bin')).equals(data)).toBe(true)
    const bad = await kms(env, ['encrypt', file('data.bin'), '--raw-aes-key', 'no-slash'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/NAMESPACE\/NAME=FILE/)
    // Keys that cannot open a file are named before any is used, for raw keys and --discovery too (they said "corrupt").
    const wrongName = await kms(env, ['decrypt', file('raw.kms'), '--raw-aes-key', `backup/other=${file('offline.key')}`, '-o', '-'])
    expect([wrongName.code, wrongName.stderr]).toEqual([6, `error: none of the keys given can decrypt ${file('raw.kms')}\n` +
      'hint: its data key is wrapped under the raw key backup/offline-1 (--raw-aes-key / --raw-rsa-key NAMESPACE/NAME=FILE)\n'])
    const account = keyA.split(':')[4]
    const otherAccount = account === '111122223333' ? '444455556666' : '111122223333'
    expect((await kms(env, ['encrypt', file('data.bin'), '-k', 'alias/a', '-o', file('kmsonly.kms')])).code).toBe(0)
    const discovery = await kms(env, ['decrypt', file('kmsonly.kms'), '--discovery', '--discovery-account', otherAccount, '-o', '-'])
    expect(discovery.code).toBe(6)
    expect(discovery.stderr).toContain(`hint: or let the file name its key: --discovery --discovery-account ${account}\n`)
    expect((await kms(env, ['decrypt', file('kmsonly.kms'), '--discovery', '--discovery-account', account, '-o', file('disc.bin')])).code).toBe(0)
    const notAccount = await kms(env, ['decrypt', file('kmsonly.kms'), '--discovery', '--discovery-account', 'abc'])
    expect([notAccount.code, notAccount.stderr]).toEqual([2, 'error: --discovery-account abc is not an AWS account ID (12 digits)\n'])
  })

  it('reports a missing input with exit 3 and a bad -c pair with exit 2', async () => {
    const missing = await kms(env, ['encrypt', file('nope.bin')])
    expect(missing.code).toBe(3)
    expect(missing.stderr).toMatch(/^error: .*nope\.bin does not exist\n/)
    expect((await kms(env, ['encrypt', file('data.bin'), '-c', 'novalue'])).code).toBe(2)
    const reserved = await kms(env, ['encrypt', file('data.bin'), '-c', 'aws-crypto-x=1', '-o', file('reserved.kms')])
    expect(reserved.code).toBe(2)
  })

  it('refuses a disabled key with exit 5', async () => {
    const key = (await kmsJson(env, ['keys', 'create'])).KeyMetadata.KeyId
    await kms(env, ['keys', 'disable', key])
    const result = await kms(env, ['encrypt', file('data.bin'), '-k', key, '-o', file('disabled.kms')])
    expect(result.code).toBe(5)
    expect(result.stderr).toMatch(/is disabled\.\nhint: enable the key/)
    expect(existsSync(file('disabled.kms'))).toBe(false)
  })
})

describe('kms decrypt and inspect of something that is not a message', () => {
  it('say so in one line (exit 6), and name a missing argument with a help hint (exit 2)', async () => {
    const env = cliEnv()
    writeFileSync(join(env.HOME!, 'plain.txt'), 'just text\n')
    for (const command of ['decrypt', 'inspect']) {
      const result = await kms(env, [command, join(env.HOME!, 'plain.txt')])
      expect(result.code).toBe(6)
      expect(result.stderr).toMatch(/^error: .*plain\.txt is not an AWS Encryption SDK message, or its header is damaged\nhint: /)
    }
    const missing = await kms(env, ['encrypt'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe('error: Missing 1 required arg: path (file, directory, or - for stdin)\nhint: see: kms encrypt --help\n')
  })
})
