import {existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough, Readable, Writable} from 'node:stream'
import {beforeEach, describe, expect, it} from 'vitest'
import {IntegrityError, KmsError, UsageError} from '../../../src/lib/errors.js'
import {decryptFile, encryptBuffer, encryptFile, inspectFile} from '../../../src/lib/envelope/index.js'
import {createTestKeyring, randomPlaintext} from './fixtures.js'

const keyrings = [createTestKeyring()]
let dir: string
let plainPath: string
const plaintext = randomPlaintext(300_000)

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kms-files-'))
  plainPath = join(dir, 'a.pdf')
  writeFileSync(plainPath, plaintext)
})

function collectInto(parts: Buffer[]): Writable {
  return new Writable({write(chunk, _encoding, callback) { parts.push(chunk); callback() }})
}

describe('encryptFile and decryptFile', () => {
  it('encrypts a file to a path and decrypts it back, leaving no temporary file (FORMAT.md §Files)', async () => {
    const progress: Array<[number, number | undefined]> = []
    const encrypted = await encryptFile({input: plainPath, output: join(dir, 'a.pdf.kms'), keyrings, frameLength: 65_536, onProgress: (done, total) => progress.push([done, total])})
    expect(encrypted.bytesIn).toBe(plaintext.length)
    expect(progress.at(-1)).toEqual([plaintext.length, plaintext.length])
    const decrypted = await decryptFile({input: join(dir, 'a.pdf.kms'), output: join(dir, 'b.pdf'), keyrings})
    expect(readFileSync(join(dir, 'b.pdf')).equals(plaintext)).toBe(true)
    expect(decrypted.info.MessageId).toBe(encrypted.info.MessageId)
    expect(readdirSync(dir).sort()).toEqual(['a.pdf', 'a.pdf.kms', 'b.pdf'])
  })

  it('round-trips a file of several 1 MiB reads whose frames straddle the reads, for every suite we write (FORMAT.md §Streaming)', async () => {
    const big = randomPlaintext(3.5 * 1024 * 1024)
    writeFileSync(plainPath, big)
    for (const algorithmSuiteId of [0x0578, 0x0478] as const) {
      await encryptFile({input: plainPath, output: join(dir, 'big.kms'), keyrings, frameLength: 99_991, algorithmSuiteId, force: true})
      await decryptFile({input: join(dir, 'big.kms'), output: join(dir, 'big.out'), keyrings, force: true})
      expect(readFileSync(join(dir, 'big.out')).equals(big)).toBe(true)
    }
  })

  it('decrypts a large file read into the signature ring, signed and unsigned, and fails it when a byte changed (FORMAT.md §Streaming)', async () => {
    const big = randomPlaintext(9 * 1024 * 1024 + 17)
    writeFileSync(plainPath, big)
    for (const algorithmSuiteId of [0x0578, 0x0478] as const) {
      await encryptFile({input: plainPath, output: join(dir, 'big.kms'), keyrings, frameLength: 1 << 20, algorithmSuiteId, force: true})
      await decryptFile({input: join(dir, 'big.kms'), output: join(dir, 'big.out'), keyrings, force: true})
      expect(readFileSync(join(dir, 'big.out')).equals(big)).toBe(true)
      const ciphertext = readFileSync(join(dir, 'big.kms'))
      for (const offset of [5 * 1024 * 1024, ciphertext.length - 3]) {
        const tampered = Buffer.from(ciphertext)
        tampered[offset] ^= 0x10
        writeFileSync(join(dir, 'tampered.kms'), tampered)
        await expect(decryptFile({input: join(dir, 'tampered.kms'), output: join(dir, 'tampered.out'), keyrings})).rejects.toBeInstanceOf(IntegrityError)
        expect(existsSync(join(dir, 'tampered.out'))).toBe(false)
      }
    }
  })

  it('writes an output of thousands of small chunks in order (batched positional writes, FORMAT.md §Files)', async () => {
    const small = randomPlaintext(40_000)
    writeFileSync(plainPath, small)
    // 16-byte frames: three output chunks per frame, 7,500 in all, more than one write takes.
    await encryptFile({input: plainPath, output: join(dir, 'small.kms'), keyrings, frameLength: 16, algorithmSuiteId: 0x0478})
    await decryptFile({input: join(dir, 'small.kms'), output: join(dir, 'small.out'), keyrings})
    expect(readFileSync(join(dir, 'small.out')).equals(small)).toBe(true)
    const {ciphertext} = await encryptBuffer(small, {keyrings, frameLength: 16, algorithmSuiteId: 0x0478})
    expect(statSync(join(dir, 'small.kms')).size).toBe(ciphertext.length)
  })

  it('reads stdin and writes stdout when given - (FORMAT.md §Files)', async () => {
    const parts: Buffer[] = []
    await encryptFile({input: '-', output: '-', stdin: Readable.from([plaintext]), stdout: collectInto(parts), keyrings})
    const out: Buffer[] = []
    await decryptFile({input: '-', output: '-', stdin: Readable.from(parts), stdout: collectInto(out), keyrings})
    expect(Buffer.concat(out).equals(plaintext)).toBe(true)
  })

  it('refuses binary output to a terminal unless asked for explicitly (FORMAT.md §Files)', async () => {
    const parts: Buffer[] = []
    await expect(encryptFile({input: plainPath, output: '-', stdoutIsTty: true, stdout: collectInto(parts), keyrings})).rejects.toBeInstanceOf(UsageError)
    expect(parts).toEqual([])
    await encryptFile({input: plainPath, output: '-', stdoutIsTty: true, allowTty: true, stdout: collectInto(parts), keyrings})
    expect(parts.length).toBeGreaterThan(0)
  })

  it('refuses to write over its input, also through another path (FORMAT.md §Files)', async () => {
    await expect(encryptFile({input: plainPath, output: plainPath, force: true, keyrings})).rejects.toBeInstanceOf(UsageError)
    await expect(encryptFile({input: plainPath, output: join(dir, '.', 'a.pdf'), force: true, keyrings})).rejects.toThrow(/same file/)
    expect(readFileSync(plainPath).equals(plaintext)).toBe(true)
  })

  it('refuses to overwrite an existing output without force, and replaces it with force (FORMAT.md §Files)', async () => {
    const output = join(dir, 'exists.kms')
    writeFileSync(output, 'keep me')
    await expect(encryptFile({input: plainPath, output, keyrings})).rejects.toThrow(/already exists/)
    expect(readFileSync(output, 'utf8')).toBe('keep me')
    await encryptFile({input: plainPath, output, force: true, keyrings})
    expect(readFileSync(output).length).toBeGreaterThan(plaintext.length)
  })

  it('names the output when its directory is missing (not found), not a directory, or refuses new files (FORMAT.md §Files)', async () => {
    await expect(encryptFile({input: plainPath, output: join(dir, 'missing', 'a.kms'), keyrings})).rejects.toMatchObject({
      message: `cannot write ${join(dir, 'missing', 'a.kms')}: the directory ${join(dir, 'missing')} does not exist`, exitCode: 3})
    await expect(encryptFile({input: plainPath, output: join(plainPath, 'a.kms'), keyrings})).rejects.toMatchObject({
      message: `cannot write ${join(plainPath, 'a.kms')}: ${plainPath} is not a directory`, exitCode: 2})
    // procfs takes no new files: the open of the temporary file fails, and the message names the output, not the temporary file.
    await expect(encryptFile({input: plainPath, output: '/proc/a.kms', keyrings})).rejects.toMatchObject({
      message: 'cannot write /proc/a.kms: no such file or directory', exitCode: 3})
  })

  it('reports a missing input as not found (FORMAT.md §Files)', async () => {
    const error = await encryptFile({input: join(dir, 'missing'), output: join(dir, 'x.kms'), keyrings}).catch((e) => e)
    expect(error).toBeInstanceOf(KmsError)
    expect(error.name).toBe('NotFound')
  })

  it('creates key-material outputs with the mode asked for (FORMAT.md §Files)', async () => {
    await encryptFile({input: plainPath, output: join(dir, 'key.kms'), mode: 0o600, keyrings})
    expect(statSync(join(dir, 'key.kms')).mode & 0o777).toBe(0o600)
  })

  it('leaves nothing at the destination when decryption fails with the wrong key (FORMAT.md §Files)', async () => {
    await encryptFile({input: plainPath, output: join(dir, 'a.kms'), keyrings})
    await expect(decryptFile({input: join(dir, 'a.kms'), output: join(dir, 'out'), keyrings: [createTestKeyring(Buffer.alloc(32, 1))]})).rejects.toBeInstanceOf(IntegrityError)
    expect(readdirSync(dir).sort()).toEqual(['a.kms', 'a.pdf'])
  })

  it('removes the temporary file and stops when SIGINT arrives mid-write (FORMAT.md §Files)', async () => {
    const stdin = new PassThrough()
    const keepAlive = (): void => {}
    process.on('SIGINT', keepAlive)
    try {
      const running = encryptFile({input: '-', output: join(dir, 'slow.kms'), stdin, keyrings, frameLength: 1024})
      stdin.write(randomPlaintext(10_000))
      for (let i = 0; i < 100 && readdirSync(dir).length < 2; i++) await new Promise((r) => setTimeout(r, 10))
      expect(readdirSync(dir).some((name) => name.endsWith('.tmp'))).toBe(true)
      process.emit('SIGINT', 'SIGINT')
      await expect(running).rejects.toThrow(/interrupted by SIGINT/)
      expect(readdirSync(dir)).toEqual(['a.pdf'])
    } finally {
      process.removeListener('SIGINT', keepAlive)
    }
  })
})

describe('inspectFile', () => {
  it('describes the header without a key, with the body size (FORMAT.md §Inspect)', async () => {
    const output = join(dir, 'a.kms')
    await encryptFile({input: plainPath, output, keyrings, encryptionContext: {purpose: 'inspect'}, algorithmSuiteId: 0x0478})
    const info = await inspectFile(output)
    expect(info).toMatchObject({
      Version: 2, AlgorithmSuiteId: '0x0478', EncryptionContext: {purpose: 'inspect'}, ContentType: 'framed',
      FrameLength: 1024 * 1024, Signed: false, KeyCommitment: true,
      EncryptedDataKeys: [{ProviderId: 'kms-tests', ProviderInfo: 'aes-key-1'}],
    })
    expect(info.HeaderLength + info.BodySize!).toBe(statSync(output).size)
    expect(existsSync(output)).toBe(true)
  })
})
