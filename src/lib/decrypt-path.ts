/**
 * `kms decrypt FILE`: `a.pdf.kms` → `a.pdf`; an archive (`kms:payload=tar`) `dir.tar.kms` →
 * `dir/`, extracted into a staging directory that is renamed into place only after the whole
 * message, signature included, verified; `--raw` gives the plain tar; `--list` lists entries.
 * Stdin (`-`) goes to stdout. On any failure nothing is left at the destination.
 */
import {createExtractor, listArchive, type ArchiveEntry} from './archive/index.js'
import {outputKind, readsAsStream} from './special-files.js'
import {decryptFile, decryptStream, inspectFile, peekMessage, type CommitmentPolicy, type Keyring, type MessageInfo} from './envelope/index.js'
import {decryptInput, readFileChunks} from './envelope/read-file.js'
import {TooManyKeysError} from './envelope/header.js'
import {ExitCode, IntegrityError, KmsError, UsageError, describeFsError} from './errors.js'
import {isInside} from './paths.js'
import {createReadStream} from 'node:fs'
import {basename} from 'node:path'
import type {Readable} from 'node:stream'
import {PAYLOAD_KEY, TAR_PAYLOAD, type PathResult} from './encrypt-path.js'

export interface DecryptPathOptions {
  input: string
  output?: string
  force?: boolean
  keyrings: Keyring[]
  /** Pairs that must be in the message (reproduced encryption context). */
  encryptionContext: Record<string, string>
  commitmentPolicy?: CommitmentPolicy
  maxEncryptedDataKeys?: number
  /** Write an archive's plain tar stream instead of extracting it. */
  raw?: boolean
  stdoutIsTty?: boolean
  allowTty?: boolean
  onProgress?: (bytesDone: number, bytesTotal?: number) => void
  /** Called with the header before any key is used (to check that a key can open it). */
  onHeader?: (info: MessageInfo) => void
  /** The input `-` (default: process.stdin). */
  stdin?: Readable
  /** Called once the data key is unwrapped, before the bulk of the work. */
  onDataKey?: () => void
}

export type DecryptPathResult = PathResult

const isArchive = (info: MessageInfo) => info.EncryptionContext[PAYLOAD_KEY] === TAR_PAYLOAD

/**
 * The header of a message file, read without any key. The header is public, so unlike the
 * integrity failures of decryption this may say that the file is not a message at all.
 */
export async function readMessageHeader(path: string, limits?: {maxEncryptedDataKeys: number}): Promise<MessageInfo> {
  try {
    return await inspectFile(path, {limits})
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new KmsError('NotFound', `${path} does not exist`)
    if (code === 'EISDIR') throw new UsageError(`${path} is a directory, not an encrypted file`, {hint: 'kms decrypt takes a .kms or .tar.kms file; to encrypt a directory: kms encrypt DIR'})
    if (!(error instanceof IntegrityError)) throw describeFsError('read', path, error)
    if (error instanceof TooManyKeysError) {
      throw new KmsError('TooManyEncryptedDataKeys', `${path} has ${error.count} encrypted data keys, more than the limit of ${error.limit}`, {
        exitCode: ExitCode.Conflict, cause: error, hint: `if you trust where it came from: --max-encrypted-data-keys ${error.count}`})
    }
    throw new KmsError('InvalidMessage', `${path} is not an AWS Encryption SDK message, or its header is damaged`, {
      exitCode: ExitCode.Integrity, cause: error, hint: 'kms encrypt and aws-encryption-cli write such messages; check the file name'})
  }
}

/** `a.pdf.kms` → `a.pdf`, `dir.tar.kms` → `dir` (for an archive being extracted). */
export function defaultOutput(input: string, extract: boolean): string {
  const name = extract && input.endsWith('.tar.kms') ? input.slice(0, -'.tar.kms'.length) : input.endsWith('.kms') ? input.slice(0, -'.kms'.length) : undefined
  if (name === undefined) throw new UsageError(`cannot name the output for ${input}: it does not end in .kms`, {hint: 'name it with -o PATH'})
  if (name === '' || name.endsWith('/') || basename(name) === '.' || basename(name) === '..') throw new UsageError(`cannot name the output for ${input}`, {hint: 'name it with -o PATH'})
  return name
}

export async function decryptPath(options: DecryptPathOptions): Promise<DecryptPathResult> {
  const {limits, ...decryptOptions} = toDecryptOptions(options)
  // stdin into a directory (-o DIR), and any FIFO or device given by path (read once: special-files.ts): the peeked header says whether it is an archive.
  const streamed = options.input !== '-' && readsAsStream(options.input)
  const stdin = streamed || (options.input === '-' && options.output !== undefined && options.output !== '-' && !options.raw)
    ? await peekMessage(streamed ? readStream(options.input) : options.stdin ?? process.stdin, {limits})
    : undefined
  const header = options.input === '-' || streamed ? stdin?.info : await readMessageHeader(options.input, limits)
  if (header) options.onHeader?.(header)
  // An archive is written as its tar, not extracted, to stdout and to a FIFO or device (-o /dev/null checks it and writes nothing).
  const extract = header !== undefined && isArchive(header) && !options.raw && options.output !== '-' &&
    (options.output === undefined || outputKind(options.output) === 'file')
  if (!extract) {
    const output = options.output ?? (options.input === '-' ? '-' : defaultOutput(options.input, false))
    const result = await decryptFile({...decryptOptions, limits, input: options.input, output, force: options.force, stdoutIsTty: options.stdoutIsTty,
      allowTty: options.allowTty, onProgress: options.onProgress, source: stdin?.source, stdin: options.stdin})
    return summarize(options.input, output, result.info, options.input === '-' ? 'stream' : isArchive(result.info) ? 'tar' : 'file', result.bytesIn, result.bytesOut)
  }
  const target = options.output ?? defaultOutput(options.input, true)
  if (options.input !== '-' && isInside(target, options.input)) {
    throw new UsageError(`cannot extract into ${target}: it holds the input ${options.input}, which extraction would replace`, {hint: 'extract elsewhere: -o DIR'})
  }
  const extractor = await createExtractor(target, {force: options.force})
  // The staging tree goes, then the signal takes its usual course (the process ends unless someone else listens).
  const onSignal = (signal: NodeJS.Signals) => {
    extractor.abortSync()
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal)
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
  }
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal)
  let bytesIn = 0
  try {
    const size = stdin ? undefined : header.BodySize! + header.HeaderLength
    const input = stdin ? {source: stdin.source, inputRing: undefined} : decryptInput(options.input, size!, limits)
    const decryption = decryptStream({...decryptOptions, limits, inputRing: input.inputRing})
    const summary = await extractor.write(decryption.transform(countBytes(input.source, n => options.onProgress?.((bytesIn += n), size))), {releaseChunks: true})
    const info = await decryption.verified
    await extractor.commit()
    return {...summarize(options.input, target, info, 'tar', bytesIn, summary.bytes), Files: summary.files}
  } catch (error) {
    await extractor.abort()
    throw error
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal)
  }
}

/** The entries of an archive, returned only after the whole message verified. */
export async function listEncryptedArchive(options: DecryptPathOptions): Promise<ArchiveEntry[]> {
  const {limits, ...decryptOptions} = toDecryptOptions(options)
  const streamed = readsAsStream(options.input)
  if (!streamed) {
    const header = await readMessageHeader(options.input, limits)
    options.onHeader?.(header)
    if (!isArchive(header)) throw new UsageError(`${options.input} is not an archive (it was made from a file or stream)`, {hint: `decrypt it: kms decrypt ${options.input}`})
  }
  const decryption = decryptStream({...decryptOptions, limits})
  const source = options.input === '-' ? (process.stdin as AsyncIterable<Buffer>) : readFileChunks(options.input)
  const entries: ArchiveEntry[] = []
  for await (const entry of listArchive(decryption.transform(source))) entries.push(entry)
  await decryption.verified
  return entries
}

/**
 * A FIFO or device, read once, in fresh chunks (peekMessage keeps the ones holding the header, which
 * readFileChunks would reuse); a failure names it.
 */
function readStream(path: string): AsyncIterable<Buffer> {
  const stream = createReadStream(path)
  return (async function* () {
    try {
      yield* stream as AsyncIterable<Buffer>
    } catch (error) {
      throw describeFsError('read', path, error)
    }
  })()
}

function toDecryptOptions(options: DecryptPathOptions) {
  return {
    keyrings: options.keyrings, encryptionContext: options.encryptionContext, commitmentPolicy: options.commitmentPolicy, onDataKey: options.onDataKey,
    limits: options.maxEncryptedDataKeys === undefined ? undefined : {maxEncryptedDataKeys: options.maxEncryptedDataKeys},
  }
}

async function* countBytes(source: AsyncIterable<Buffer>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    onBytes(chunk.length)
    yield chunk
  }
}

function summarize(input: string, output: string, info: MessageInfo, payload: DecryptPathResult['Payload'], bytesIn: number, bytesOut: number): DecryptPathResult {
  return {Input: input, Output: output, Payload: payload, AlgorithmSuiteId: info.AlgorithmSuiteId, MessageId: info.MessageId,
    EncryptionContext: info.EncryptionContext, BytesIn: bytesIn, BytesOut: bytesOut}
}
