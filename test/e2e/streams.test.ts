/**
 * stdin, stdout and terminals as users and scripts meet them, and the paths that must never lose
 * data (defects a black-box review found, session 3).
 */
import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {once} from 'node:events'
import {createServer} from 'node:net'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {BIN, cliEnv, kms, kmsJson} from '../helpers/cli.js'
import {run} from '../helpers/run.js'

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`

/** A shell command line in a pseudo-terminal that nobody sized (util-linux `script`, as some CI runners do); its screen and exit code. */
async function inTerminal(env: NodeJS.ProcessEnv, cwd: string, line: (kms: string) => string): Promise<{code: number | null; screen: string}> {
  const result = await run('script', ['-qec', `${line(`${quote(process.execPath)} ${quote(BIN)}`)}; echo "rc=$?"`, '/dev/null'], {env, cwd, timeoutMs: 30_000})
  const code = /rc=(\d+)\s*$/.exec(result.stdout)
  return {code: code ? Number(code[1]) : null, screen: result.stdout}
}

describe('stdin, stdout and terminals', () => {
  let env: ReturnType<typeof cliEnv>
  let work: string

  beforeAll(async () => {
    env = cliEnv()
    work = env.HOME!
    writeFileSync(join(work, 'a.txt'), 'hello\n')
    expect((await kms(env, ['encrypt', join(work, 'a.txt')])).code).toBe(0)
  })

  it('finishes on a terminal of unknown width (no progress line there), where it used to spin forever', async () => {
    const result = await inTerminal(env, work, kms => `${kms} encrypt - -o from-stdin.kms < a.txt`)
    expect(result.code).toBe(0)
    expect(existsSync(join(work, 'from-stdin.kms'))).toBe(true)
  })

  it('writes to a terminal when asked with -o - (encrypt and decrypt), and only then', async () => {
    const decrypted = await inTerminal(env, work, kms => `${kms} decrypt a.txt.kms -o -`)
    expect(decrypted).toMatchObject({code: 0, screen: expect.stringContaining('hello')})
    expect(decrypted.screen).not.toMatch(/ERR_STREAM_WRITE_AFTER_END|\n\s+at /)
    expect((await inTerminal(env, work, kms => `${kms} encrypt a.txt -o - > /dev/tty`)).code).toBe(0)
    const refused = await inTerminal(env, work, kms => `${kms} encrypt - < a.txt`)
    expect(refused.code).toBe(2)
    expect(refused.screen).toContain('refusing to write binary output to a terminal')
  })

  it('stops quietly with 141 when the reader of stdout goes away (| head), like any tool in a pipeline', async () => {
    writeFileSync(join(work, 'big.bin'), Buffer.alloc(8 * 1024 * 1024, 7))
    const result = await run('bash', ['-c', `${quote(process.execPath)} ${quote(BIN)} encrypt big.bin -o - | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`], {env, cwd: work})
    expect(result.stdout.trim()).toBe('141')
    expect(result.stderr).toBe('')
    // A short output too, written after the reader closed its end (it exited 0).
    const short = await run('bash', ['-c', `${quote(process.execPath)} ${quote(BIN)} keys list | (exec 0<&-; sleep 2); echo "\${PIPESTATUS[0]}"`], {env, cwd: work})
    expect([short.stdout.trim(), short.stderr]).toEqual(['141', ''])
  })

  it('reports a stdout that fails (a full disk: /dev/full) in one line with exit 9, never a stack trace', async () => {
    for (const args of [['decrypt', 'a.txt.kms', '-o', '-'], ['encrypt', 'a.txt', '-o', '-'], ['keys', 'list'], ['--version'], ['keys', '--help']]) {
      const result = await run('bash', ['-c', `${quote(process.execPath)} ${quote(BIN)} ${args.join(' ')} > /dev/full`], {env, cwd: work})
      expect({args, code: result.code, stderr: result.stderr}).toEqual({args, code: 9, stderr: 'error: cannot write stdout: no space left on device\n'})
    }
  })

  it('writes into a device or FIFO named by -o (never renaming over it), and treats -o /dev/stdout as -o -', async () => {
    // A link to /dev/null stands for /dev/null: replacing the link (what --force did) is the same mistake, without harming the machine.
    const devNull = join(work, 'null-link')
    symlinkSync('/dev/null', devNull)
    mkdirSync(join(work, 'to-null', 'sub'), {recursive: true})
    writeFileSync(join(work, 'to-null', 'sub', 'f'), 'f')
    expect((await kms(env, ['encrypt', join(work, 'to-null')])).code).toBe(0)
    const cases = [['encrypt', 'a.txt', '-o', devNull], ['decrypt', 'a.txt.kms', '-o', devNull], ['random', '16', '-o', devNull], ['encrypt', 'a.txt', '-o', devNull, '--force'],
      ['decrypt', 'to-null.tar.kms', '-o', devNull, '--force']]
    for (const args of cases) {
      const result = await kms(env, args.map(a => (a.endsWith('.txt') || a.endsWith('.kms') ? join(work, a) : a)))
      expect({args, code: result.code, stderr: result.stderr}).toEqual({args, code: 0, stderr: ''})
    }
    expect(execFileSync('readlink', [devNull], {encoding: 'utf8'}).trim()).toBe('/dev/null')
    // A FIFO gets the message as it is made.
    execFileSync('mkfifo', [join(work, 'fifo')])
    const reader = run('bash', ['-c', 'cat fifo > from-fifo.kms'], {env, cwd: work})
    expect((await kms(env, ['encrypt', join(work, 'a.txt'), '-o', join(work, 'fifo')])).code).toBe(0)
    expect((await reader).code).toBe(0)
    expect((await kms(env, ['decrypt', join(work, 'from-fifo.kms'), '-o', '-'])).stdout).toBe('hello\n')
    // /dev/stdout redirected to a file the shell just made: written as -o - is (no "already exists", no summary line in the data).
    const redirected = await run('bash', ['-c', `${quote(process.execPath)} ${quote(BIN)} encrypt a.txt -o /dev/stdout > via-stdout.kms`], {env, cwd: work})
    expect([redirected.code, redirected.stderr]).toEqual([0, ''])
    expect((await kms(env, ['decrypt', join(work, 'via-stdout.kms'), '-o', '-'])).stdout).toBe('hello\n')
  })

  it('never takes piped data for a missing argument: stdin is read only where - (or a default of -) says so', async () => {
    const cli = `${quote(process.execPath)} ${quote(BIN)}`
    // oclif read the pipe as the argument: this encrypted the file a.txt, and verify checked the file named by the message.
    const encrypted = await run('bash', ['-c', `printf a.txt | ${cli} encrypt -o piped-name.kms`], {env, cwd: work})
    expect([encrypted.code, encrypted.stderr]).toEqual([2, 'error: Missing 1 required arg: path (file, directory, or - for stdin)\nhint: see: kms encrypt --help\n'])
    expect(existsSync(join(work, 'piped-name.kms'))).toBe(false)
    await kmsJson(env, ['keys', 'create', '--spec', 'ECC_NIST_P256', '--alias', 'alias/piped-signer'])
    writeFileSync(join(work, 'a.txt.sig'), (await kms(env, ['sign', 'alias/piped-signer', join(work, 'a.txt'), '-o', '-'])).stdoutBytes)
    const verified = await run('bash', ['-c', `printf a.txt | ${cli} verify alias/piped-signer -s a.txt.sig`], {env, cwd: work})
    expect(verified.code).toBe(6)
    expect((await run('bash', ['-c', `${cli} verify alias/piped-signer -s a.txt.sig < a.txt`], {env, cwd: work})).code).toBe(0)
  })

  it('reads a pipe given by path (<(cmd), /dev/stdin) once, as it reads stdin: decrypts, extracts and lists from it', async () => {
    const cli = `${quote(process.execPath)} ${quote(BIN)}`
    mkdirSync(join(work, 'piped-tree', 'd'), {recursive: true})
    writeFileSync(join(work, 'piped-tree', 'd', 'f'), 'in the tree')
    expect((await kms(env, ['encrypt', join(work, 'piped-tree')])).code).toBe(0)
    const decrypted = await run('bash', ['-c', `${cli} decrypt <(cat a.txt.kms) -o - && cat a.txt.kms | ${cli} decrypt /dev/stdin -o -`], {env, cwd: work})
    expect([decrypted.code, decrypted.stdout, decrypted.stderr]).toEqual([0, 'hello\nhello\n', ''])
    const extracted = await run('bash', ['-c', `${cli} decrypt <(cat piped-tree.tar.kms) -o from-pipe-tree && ${cli} decrypt <(cat piped-tree.tar.kms) --list`], {env, cwd: work})
    expect([extracted.code, extracted.stderr]).toEqual([0, ''])
    expect(readFileSync(join(work, 'from-pipe-tree', 'd', 'f'), 'utf8')).toBe('in the tree')
    expect(extracted.stdout).toContain('piped-tree/d/f')
    const unnamed = await run('bash', ['-c', `${cli} encrypt <(echo x)`], {env, cwd: work})
    expect([unnamed.code, unnamed.stderr]).toEqual([2, expect.stringMatching(/^error: cannot name the output for \/dev\/fd\/\d+: it is not a file \(a pipe or device\)\nhint: name it with -o PATH, or -o - for stdout\n$/)])
  })

  it('replaces a link with --force, never the file it points to; refuses a socket, /dev/stderr, and stdout that is the input', async () => {
    // A link planted where the output goes (in a shared directory) must not get the file it points to overwritten.
    writeFileSync(join(work, 'precious.txt'), 'precious', {mode: 0o600})
    symlinkSync('precious.txt', join(work, 'link.kms'))
    expect((await kms(env, ['encrypt', join(work, 'a.txt'), '-o', join(work, 'link.kms'), '--force'])).code).toBe(0)
    expect(readFileSync(join(work, 'precious.txt'), 'utf8')).toBe('precious')
    expect((await kms(env, ['decrypt', join(work, 'link.kms'), '-o', '-'])).stdout).toBe('hello\n')
    const cli = `${quote(process.execPath)} ${quote(BIN)}`
    const stderrFile = await run('bash', ['-c', `${cli} encrypt a.txt -o /dev/stderr --force 2> err.kms`], {env, cwd: work})
    expect([stderrFile.code, readFileSync(join(work, 'err.kms'), 'utf8')]).toEqual([2, 'error: cannot write /dev/stderr: it stands for a file a process has open\n' +
      'hint: name the file itself with -o, or write to stdout with -o -\n'])
    writeFileSync(join(work, 'grows.kms'), readFileSync(join(work, 'a.txt.kms')))
    for (const line of [`${cli} decrypt grows.kms -o /dev/stdout >> grows.kms`, `${cli} encrypt a.txt -o - >> a.txt`]) {
      const same = await run('bash', ['-c', line], {env, cwd: work})
      expect([same.code, same.stderr]).toEqual([2, expect.stringMatching(/^error: input and output are the same file: stdout is (grows\.kms|a\.txt)\nhint: write to another file\n$/)])
    }
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('hello\n')
    // The same through stdin; and stdin as the output, which kms would hold open itself and wait on for ever.
    const stdinToo = await run('bash', ['-c', `${cli} encrypt - -o - < a.txt >> a.txt`], {env, cwd: work})
    expect([stdinToo.code, stdinToo.stderr]).toEqual([2, 'error: input and output are the same file: stdin and stdout are one file\nhint: write to another file\n'])
    const ownStdin = await run('bash', ['-c', `cat a.txt | ${cli} encrypt - -o /dev/stdin`], {env, cwd: work, timeoutMs: 20_000})
    expect([ownStdin.code, ownStdin.stderr]).toEqual([2, "error: cannot write /dev/stdin: it is this process's stdin\n"])
    // stdout inside the directory being archived is refused as -o inside it is.
    mkdirSync(join(work, 'self-tree'))
    writeFileSync(join(work, 'self-tree', 'f'), 'f')
    const inside = await run('bash', ['-c', `${cli} encrypt self-tree -o - > self-tree/x.kms`], {env, cwd: work})
    expect([inside.code, inside.stderr]).toEqual([2, expect.stringMatching(/^error: the output \(stdout, \S+\/self-tree\/x\.kms\) is inside the directory being encrypted\n/)])
    // --json prints to stdout: refused where the output goes there too.
    await kmsJson(env, ['keys', 'create', '--spec', 'ECC_NIST_P256', '--alias', 'alias/json-signer'])
    const signed = await kms(env, ['sign', 'alias/json-signer', join(work, 'a.txt'), '-o', '-', '--json'])
    expect([signed.code, JSON.parse(signed.stdout).error.message]).toEqual([2, '--json prints to stdout, which carries the output here'])
    // Extracting over a link to a directory replaces the link; what the directory holds stays.
    mkdirSync(join(work, 'linked-tree', 'd'), {recursive: true})
    writeFileSync(join(work, 'linked-tree', 'd', 'new'), 'new')
    expect((await kms(env, ['encrypt', join(work, 'linked-tree')])).code).toBe(0)
    mkdirSync(join(work, 'precious'))
    writeFileSync(join(work, 'precious', 'keep'), 'keep')
    symlinkSync('precious', join(work, 'tree-link'))
    expect((await kms(env, ['decrypt', join(work, 'linked-tree.tar.kms'), '-o', join(work, 'tree-link'), '--force'])).code).toBe(0)
    expect(readFileSync(join(work, 'tree-link', 'd', 'new'), 'utf8')).toBe('new')
    expect(readdirSync(join(work, 'precious'))).toEqual(['keep'])
    const server = createServer().listen(join(work, 'socket'))
    await once(server, 'listening')
    try {
      const result = await kms(env, ['encrypt', join(work, 'a.txt'), '-o', join(work, 'socket'), '--force'])
      expect([result.code, result.stderr]).toEqual([2, `error: cannot write ${join(work, 'socket')}: it is a socket\nhint: write to a file with -o FILE, or to stdout with -o -\n`])
    } finally {
      server.close()
    }
  })

  it('reports an integrity failure on stdout output in one line with exit 6, never a stack trace', async () => {
    const tampered = Buffer.concat([readFileSync(join(work, 'a.txt.kms')), Buffer.from('junk\n')])
    writeFileSync(join(work, 'tampered.kms'), tampered)
    for (const args of [['decrypt', join(work, 'tampered.kms'), '-o', '-'], ['decrypt', '-'], ['decrypt', join(work, 'a.txt.kms'), '-c', 'x=1', '-o', '-']]) {
      const result = await kms(env, args, args.includes('-') && args.length === 2 ? tampered : undefined)
      expect({args, code: result.code, stderr: result.stderr}).toEqual({args, code: 6, stderr: expect.stringMatching(/^error: decryption of (\S+tampered\.kms|stdin|\S+a\.txt\.kms) failed: [^\n]*\n$/)})
    }
  })

  it('refuses --json when stdout carries the data', async () => {
    for (const args of [['encrypt', '-', '--json'], ['decrypt', join(work, 'a.txt.kms'), '-o', '-', '--json']]) {
      const result = await kms(env, args, 'hello')
      expect({args, code: result.code}).toEqual({args, code: 2})
      expect(JSON.parse(result.stdout).error.message).toBe('--json prints to stdout, which carries the output here')
    }
  })

  it('extracts an archive read from stdin when given -o DIR, as it does from a file', async () => {
    mkdirSync(join(work, 'tree/sub'), {recursive: true})
    writeFileSync(join(work, 'tree/sub/f.txt'), 'in a tree')
    expect((await kms(env, ['encrypt', join(work, 'tree')])).code).toBe(0)
    const result = await kms(env, ['decrypt', '-', '-o', join(work, 'from-stdin')], readFileSync(join(work, 'tree.tar.kms')))
    expect(result.code).toBe(0)
    expect(readFileSync(join(work, 'from-stdin/sub/f.txt'), 'utf8')).toBe('in a tree')
    const raw = await kms(env, ['decrypt', '-', '--raw', '-o', join(work, 'from-stdin.tar')], readFileSync(join(work, 'tree.tar.kms')))
    expect(raw.code).toBe(0)
    expect(readFileSync(join(work, 'from-stdin.tar')).subarray(257, 262).toString()).toBe('ustar')
  })
})

describe('paths that must not lose data', () => {
  let env: ReturnType<typeof cliEnv>
  let work: string

  beforeAll(() => {
    env = cliEnv()
    work = env.HOME!
  })

  it('names the archive of `.` after the directory, beside it, never inside it', async () => {
    mkdirSync(join(work, 'project'))
    writeFileSync(join(work, 'project/x'), '1')
    const result = await run(process.execPath, [BIN, 'encrypt', '.'], {env, cwd: join(work, 'project')})
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^\.\.\/project\.tar\.kms {2}\(1 file, /)
    expect(readdirSync(join(work, 'project'))).toEqual(['x'])
    expect(existsSync(join(work, 'project.tar.kms'))).toBe(true)
  })

  it('refuses to extract over a directory that holds the archive itself, even with --force', async () => {
    mkdirSync(join(work, 'vault'))
    writeFileSync(join(work, 'vault/secret.txt'), 'keep me')
    expect((await kms(env, ['encrypt', join(work, 'vault'), '-o', join(work, 'vault.tar.kms')])).code).toBe(0)
    writeFileSync(join(work, 'vault/backup.tar.kms'), readFileSync(join(work, 'vault.tar.kms')))
    const result = await kms(env, ['decrypt', join(work, 'vault/backup.tar.kms'), '-o', join(work, 'vault'), '--force'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^error: cannot extract into .*vault: it holds the input .*backup\.tar\.kms, which extraction would replace\n/)
    expect(readdirSync(join(work, 'vault')).sort()).toEqual(['backup.tar.kms', 'secret.txt'])
    // Through a symbolic link to the archive (it deleted the only copy), and an output through a link into the tree.
    symlinkSync(join(work, 'vault/backup.tar.kms'), join(work, 'link.tar.kms'))
    const linked = await kms(env, ['decrypt', join(work, 'link.tar.kms'), '-o', join(work, 'vault'), '--force'])
    expect(linked.code).toBe(2)
    expect(linked.stderr).toMatch(/^error: cannot extract into .*vault: it holds the input .*link\.tar\.kms, which extraction would replace\n/)
    expect(readdirSync(join(work, 'vault')).sort()).toEqual(['backup.tar.kms', 'secret.txt'])
    symlinkSync(join(work, 'vault'), join(work, 'vault-link'))
    const into = await kms(env, ['encrypt', join(work, 'vault'), '-o', join(work, 'vault-link/self.tar.kms')])
    expect(into.code).toBe(2)
    expect(into.stderr).toMatch(/^error: the output .*self\.tar\.kms is inside the directory being encrypted\n/)
    expect(readdirSync(join(work, 'vault')).sort()).toEqual(['backup.tar.kms', 'secret.txt'])
  })

  it('checks the output before scanning, lists modes as stored, and refuses options that would be ignored', async () => {
    mkdirSync(join(work, 'odd'))
    writeFileSync(join(work, 'odd/tool'), '#!/bin/sh\n', {mode: 0o4755})
    chmodSync(join(work, 'odd/tool'), 0o4755)
    execFileSync('mkfifo', [join(work, 'odd/pipe')])
    writeFileSync(join(work, 'odd.tar.kms'), 'in the way')
    const blocked = await kms(env, ['encrypt', join(work, 'odd')])
    expect(blocked.code).toBe(2)
    expect(blocked.stderr).toMatch(/^error: output file .*odd\.tar\.kms already exists\n/)
    expect((await kms(env, ['encrypt', join(work, 'odd'), '--force'])).stderr).toBe('warning: skipped pipe: it is a FIFO, which is not archived\n')
    const listed = await kms(env, ['decrypt', join(work, 'odd.tar.kms'), '--list'])
    expect(listed.stdout).toMatch(/^-4755 +\d+ \S+ odd\/tool$/m)
    const listAndOutput = await kms(env, ['decrypt', join(work, 'odd.tar.kms'), '--list', '-o', join(work, 'x')])
    expect([listAndOutput.code, listAndOutput.stderr.split('\n')[0]]).toEqual([2, 'error: --list prints the entries and writes no output'])
    const excludeFile = await kms(env, ['encrypt', join(work, 'odd.tar.kms'), '--exclude', '*.log', '-o', join(work, 'y.kms')])
    expect([excludeFile.code, excludeFile.stderr]).toEqual([2, `error: --exclude applies to directories; ${join(work, 'odd.tar.kms')} is a file\n`])
  })

  it('names a missing or unusable input or output in one line with a documented exit code', async () => {
    writeFileSync(join(work, 'note.txt'), 'n')
    expect((await kms(env, ['encrypt', join(work, 'note.txt')])).code).toBe(0)
    mkdirSync(join(work, 'somedir'))
    const cases: [string[], number, RegExp][] = [
      [['decrypt', join(work, 'nosuch.kms')], 3, /^error: .*nosuch\.kms does not exist\n/],
      [['inspect', join(work, 'nosuch.kms')], 3, /^error: .*nosuch\.kms does not exist\n/],
      [['decrypt', join(work, 'somedir')], 2, /^error: .*somedir is a directory, not an encrypted file\n/],
      [['decrypt', join(work, 'note.txt.kms'), '-o', join(work, 'somedir'), '--force'], 2, /^error: the output .*somedir is a directory\n/],
      [['decrypt', join(work, 'vault.tar.kms'), '-o', join(work, 'nodir/sub')], 3, /^error: cannot extract into .*nodir\/sub: the directory .*nodir does not exist\n/],
    ]
    for (const [args, code, stderr] of cases) {
      const result = await kms(env, args)
      expect({args, code: result.code, stderr: result.stderr}).toEqual({args, code, stderr: expect.stringMatching(stderr)})
    }
    expect((await kmsJson(env, ['inspect', join(work, 'note.txt.kms')])).AlgorithmSuiteId).toBe('0x0578')
  })
})
