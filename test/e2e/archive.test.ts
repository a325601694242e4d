/** `kms encrypt DIR` → `DIR.tar.kms` → `kms decrypt` restores the tree (issue: directory archives). */
import {execFileSync, spawn} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {BIN, cliEnv, kms, kmsJson} from '../helpers/cli.js'
import {run} from '../helpers/run.js'

describe('directory archives end to end', () => {
  let env: ReturnType<typeof cliEnv>
  let work: string

  beforeAll(() => {
    env = cliEnv()
    work = env.HOME!
    const root = join(work, 'photos')
    mkdirSync(join(root, 'a', 'b', 'c'), {recursive: true})
    mkdirSync(join(root, 'empty'))
    writeFileSync(join(root, 'a', 'b', 'c', 'deep.txt'), 'deep')
    writeFileSync(join(root, 'zero'), '')
    writeFileSync(join(root, `${'long-'.repeat(30)}ünïcødé.txt`), 'long name')
    writeFileSync(join(root, 'secret.key'), 'x', {mode: 0o600})
    chmodSync(join(root, 'secret.key'), 0o600)
    writeFileSync(join(root, 'run.sh'), '#!/bin/sh\n', {mode: 0o755})
    chmodSync(join(root, 'run.sh'), 0o755)
    utimesSync(join(root, 'zero'), new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05Z'))
    symlinkSync('a/b/c/deep.txt', join(root, 'link'))
    mkdirSync(join(root, 'node_modules'))
    writeFileSync(join(root, 'node_modules', 'big.js'), 'excluded')
    writeFileSync(join(root, 'debug.log'), 'excluded by .kmsignore')
    writeFileSync(join(root, '.kmsignore'), '# ignore logs\n*.log\n')
  })

  it('round-trips a tree: names, contents, modes, mtimes and symlinks; excludes and .kmsignore apply', async () => {
    const enc = await kmsJson(env, ['encrypt', join(work, 'photos'), '--exclude', 'node_modules'])
    expect(enc).toMatchObject({Output: `${join(work, 'photos')}.tar.kms`, Payload: 'tar'})
    const dec = await kmsJson(env, ['decrypt', join(work, 'photos.tar.kms'), '-o', join(work, 'restored')])
    expect(dec).toMatchObject({Payload: 'tar', Output: join(work, 'restored')})
    // Both sides count the files' contents (4 + 0 + 9 + 1 + 10 + 20 bytes), not the tar stream (headers, padding).
    expect([enc.BytesIn, dec.BytesOut]).toEqual([44, 44])
    const restored = join(work, 'restored')
    expect(readFileSync(join(restored, 'a', 'b', 'c', 'deep.txt'), 'utf8')).toBe('deep')
    expect(readFileSync(join(restored, `${'long-'.repeat(30)}ünïcødé.txt`), 'utf8')).toBe('long name')
    expect(statSync(join(restored, 'empty')).isDirectory()).toBe(true)
    expect(statSync(join(restored, 'secret.key')).mode & 0o777).toBe(0o600)
    expect(statSync(join(restored, 'run.sh')).mode & 0o777).toBe(0o755)
    expect(statSync(join(restored, 'zero')).mtime.toISOString()).toBe('2020-01-02T03:04:05.000Z')
    expect(readFileSync(join(restored, 'link'), 'utf8')).toBe('deep')
    expect(existsSync(join(restored, 'node_modules'))).toBe(false)
    expect(existsSync(join(restored, 'debug.log'))).toBe(false)
  })

  it('lists entries with --list (after decryption) and writes a plain tar with --raw that GNU tar reads', async () => {
    const listed = await kmsJson(env, ['decrypt', join(work, 'photos.tar.kms'), '--list'])
    expect(listed.Entries.map((e: any) => e.name)).toContain('photos/a/b/c/deep.txt')
    expect((await kms(env, ['decrypt', join(work, 'photos.tar.kms'), '--raw', '-o', join(work, 'photos.tar')])).code).toBe(0)
    const names = execFileSync('tar', ['-tf', join(work, 'photos.tar')], {encoding: 'utf8'}).trim().split('\n')
    expect(names).toEqual(listed.Entries.map((e: any) => e.name))
  })

  it('decrypts to DIR by default and refuses an existing target without --force', async () => {
    const again = await kms(env, ['decrypt', join(work, 'photos.tar.kms')])
    expect(again.code).toBe(2)
    expect(again.stderr).toBe(`error: output directory ${join(work, 'photos')} already exists\nhint: choose another path with -o, or replace it with --force\n`)
    expect((await kms(env, ['decrypt', join(work, 'photos.tar.kms'), '-o', join(work, 'restored'), '--force'])).code).toBe(0)
    writeFileSync(join(work, 'a-file'), 'x')
    const onFile = await kms(env, ['decrypt', join(work, 'photos.tar.kms'), '-o', join(work, 'a-file')])
    expect(onFile.stderr).toBe(`error: output ${join(work, 'a-file')} already exists (a file; an archive extracts into a directory)\nhint: choose another path with -o, or replace it with --force\n`)
  })

  it('leaves nothing behind when the archive is tampered with', async () => {
    const message = readFileSync(join(work, 'photos.tar.kms'))
    message[message.length - 200] ^= 1
    writeFileSync(join(work, 'bad.tar.kms'), message)
    const result = await kms(env, ['decrypt', join(work, 'bad.tar.kms')])
    expect(result.code).toBe(6)
    expect(existsSync(join(work, 'bad'))).toBe(false)
    expect(readdirSync(work).filter(n => n.includes('staging') || n.endsWith('.tmp'))).toEqual([])
  })

  it('on a full disk, fails with exit 9 in one line and leaves nothing at the target, encrypting and extracting', async () => {
    // A 1 MiB tmpfs in a private mount namespace (util-linux unshare; no root needed where user namespaces are on).
    const disk = join(work, 'small-disk')
    mkdirSync(disk, {recursive: true})
    const tree = join(work, 'too-big')
    mkdirSync(join(tree, 'sub'), {recursive: true})
    writeFileSync(join(tree, 'sub', 'small.txt'), 'small')
    writeFileSync(join(tree, 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 1))
    expect((await kms(env, ['encrypt', tree, '-o', join(work, 'with-big.tar.kms')])).code).toBe(0)
    const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`
    const cli = `${q(process.execPath)} ${q(BIN)}`
    for (const command of [`encrypt ${q(tree)} -o ${q(join(disk, 'too-big.tar.kms'))}`, `decrypt ${q(join(work, 'with-big.tar.kms'))} -o ${q(join(disk, 'out'))}`]) {
      const script = `mount -t tmpfs -o size=1m tmpfs ${q(disk)} || exit 90; ${cli} ${command}; echo "rc=$?"; ls -A ${q(disk)}`
      const result = await run('unshare', ['-rm', 'sh', '-c', script], {env, cwd: work})
      expect(result.code, `unshare -rm (a private tmpfs for this test) failed: ${result.stderr}`).toBe(0)
      expect({command, stdout: result.stdout, stderr: result.stderr}).toEqual({command, stdout: 'rc=9\n',
        stderr: expect.stringMatching(/^error: cannot write \S+: no space left on device\n$/)})
    }
  })

  it('leaves no partial .tar.kms or tree when killed with SIGKILL mid-way, and the next run removes the dead run\'s leftovers', async () => {
    const big = join(work, 'big')
    mkdirSync(big)
    for (let i = 0; i < 8; i++) writeFileSync(join(big, `f${i}`), Buffer.alloc(24 * 1024 * 1024, i))
    /** Starts the CLI and kills it with SIGKILL as soon as its temporary output appears, i.e. mid-way. */
    const killMidway = (args: string[], temporary: RegExp) => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {env, stdio: 'ignore'})
      const poll = setInterval(() => {
        if (readdirSync(work).some(n => temporary.test(n))) child.kill('SIGKILL')
      }, 2)
      child.on('close', (code, signal) => {
        clearInterval(poll)
        if (signal === 'SIGKILL') resolve()
        else reject(new Error(`kms ${args[0]} finished (exit ${code}) before it could be killed`))
      })
    })
    const leftovers = () => readdirSync(work).filter(n => /^\.big(\.tar\.kms\..*\.tmp|-out\.kms-staging-.*)$/.test(n))
    await killMidway(['encrypt', big, '--unsigned'], /^\.big\.tar\.kms\..*\.tmp$/)
    expect(existsSync(`${big}.tar.kms`)).toBe(false)
    expect(leftovers()).toHaveLength(1)
    expect((await kms(env, ['encrypt', big, '--unsigned'])).code).toBe(0)
    expect(leftovers()).toEqual([])
    await killMidway(['decrypt', `${big}.tar.kms`, '-o', join(work, 'big-out')], /^\.big-out\.kms-staging-/)
    expect(existsSync(join(work, 'big-out'))).toBe(false)
    expect(leftovers()).toHaveLength(1)
    expect((await kms(env, ['decrypt', `${big}.tar.kms`, '-o', join(work, 'big-out')])).code).toBe(0)
    expect(leftovers()).toEqual([])
  })
})
