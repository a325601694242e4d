/**
 * `kms encrypt PATH`: a file becomes `PATH.kms`, a directory `DIR.tar.kms` (one ESDK message
 * whose payload is a pax tar stream of the tree), stdin (`-`) goes to stdout. The encryption
 * context records an archive payload (`kms:payload=tar`) so `kms decrypt` knows to extract.
 */
import {stat} from 'node:fs/promises'
import {basename, dirname, join, relative, resolve} from 'node:path'
import {startPacking} from './archive/index.js'
import {DEFAULT_FRAME_LENGTH, checkOutput, encryptFile, type AlgorithmSuiteId, type EncryptedDataKeyInfo, type Keyring} from './envelope/index.js'
import {KmsError, UsageError} from './errors.js'
import {isInside} from './paths.js'
import {stdoutFilePath} from './special-files.js'

/** The encryption-context pair that marks a tar archive payload. */
export const PAYLOAD_KEY = 'kms:payload'
export const TAR_PAYLOAD = 'tar'

export interface EncryptPathOptions {
  input: string
  output?: string
  force?: boolean
  keyrings: Keyring[]
  encryptionContext: Record<string, string>
  algorithmSuiteId?: AlgorithmSuiteId
  frameLength?: number
  stdoutIsTty?: boolean
  /** Set when the user asked for stdout explicitly (`-o -`): binary output to a terminal is then allowed. */
  allowTty?: boolean
  exclude?: string[]
  onProgress?: (bytesDone: number, bytesTotal?: number, filesDone?: number, filesTotal?: number) => void
  onWarning?: (message: string) => void
  /** Called once the data key is made, before the bulk of the work. */
  onDataKey?: () => void
}

/** What `kms encrypt` and `kms decrypt` report (`--json`). */
export interface PathResult {
  Input: string
  Output: string
  Payload: 'file' | 'tar' | 'stream'
  Files?: number
  AlgorithmSuiteId: string
  MessageId: string
  EncryptionContext: Record<string, string>
  /** Bytes read: of a directory, its files' contents (as an extraction's BytesOut), not the tar stream's length. */
  BytesIn: number
  BytesOut: number
}

export interface EncryptPathResult extends PathResult {
  EncryptedDataKeys: EncryptedDataKeyInfo[]
}

/**
 * Chunks of one frame, so that frames are sealed straight from the reader's ring (4 chunks);
 * 1 MiB chunks, copied into frames, past 4 MiB frames, so the ring stays at 16 MiB at most.
 */
function packChunkSize(frameLength = DEFAULT_FRAME_LENGTH): number {
  return frameLength <= 4 * 1024 * 1024 ? frameLength : DEFAULT_FRAME_LENGTH
}

/** `photos` → `photos.tar.kms`; `.`, `..` or `dir/.` name the archive after the directory, beside it: `../NAME.tar.kms`. */
function archiveName(root: string): string {
  const absolute = resolve(root)
  if (absolute === '/') throw new UsageError('cannot name an archive of the file system root', {hint: 'name it with -o PATH'})
  const last = basename(root)
  if (last !== '.' && last !== '..') return `${root}.tar.kms`
  return relative(process.cwd(), join(dirname(absolute), `${basename(absolute)}.tar.kms`))
}

export async function encryptPath(options: EncryptPathOptions): Promise<EncryptPathResult> {
  if (PAYLOAD_KEY in options.encryptionContext) throw new UsageError(`encryption context key ${PAYLOAD_KEY} is reserved`)
  const stats = options.input === '-' ? undefined : await stat(options.input).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new KmsError('NotFound', `${options.input} does not exist`)
    throw new UsageError(`cannot read ${options.input}: ${error.code ?? error.message}`)
  })
  const kind = stats === undefined ? 'stream' : stats.isDirectory() ? 'tar' : 'file'
  const root = options.input.replace(/\/+$/, '') || '/'
  if (options.output === undefined && kind === 'file' && !stats!.isFile()) {
    throw new UsageError(`cannot name the output for ${options.input}: it is not a file (a pipe or device)`, {hint: 'name it with -o PATH, or -o - for stdout'})
  }
  const output = options.output ?? (kind === 'stream' ? '-' : kind === 'tar' ? archiveName(root) : `${options.input}.kms`)
  const common = {input: options.input, output, force: options.force, keyrings: options.keyrings, algorithmSuiteId: options.algorithmSuiteId,
    frameLength: options.frameLength, stdoutIsTty: options.stdoutIsTty, allowTty: options.allowTty, onDataKey: options.onDataKey}
  let files: number | undefined
  let contentBytes: number | undefined
  let result
  if (kind !== 'tar' && options.exclude?.length) throw new UsageError(`--exclude applies to directories; ${options.input} is ${kind === 'file' ? 'a file' : 'stdin'}`)
  if (kind === 'tar') {
    const written = output !== '-' ? output : stdoutFilePath()
    if (written !== undefined && isInside(root, written)) {
      throw new UsageError(`the output ${output === '-' ? `(stdout, ${written})` : written} is inside the directory being encrypted`,
        {hint: `write it elsewhere: -o ${join(dirname(resolve(root)), basename(written))}`})
    }
    // Before the scan (which may warn about what it skips): an output that cannot be written is refused at once.
    if (output !== '-') await checkOutput(output, options.force)
    // Reading starts now, on a worker, while the keys are made.
    const packer = startPacking(root, {exclude: options.exclude, onWarning: options.onWarning, reuseChunks: true,
      chunkSize: packChunkSize(options.frameLength), onProgress: p => {
        contentBytes = p.bytes
        files = p.files
        options.onProgress?.(p.bytes, p.totalBytes, p.files, p.totalFiles)
      }})
    try {
      result = await encryptFile({...common, encryptionContext: {...options.encryptionContext, [PAYLOAD_KEY]: TAR_PAYLOAD}, source: packer.chunks,
        expectedLength: packer.scan.totalBytes})
    } finally {
      await packer.close()
    }
  } else {
    result = await encryptFile({...common, encryptionContext: options.encryptionContext, onProgress: (done, total) => options.onProgress?.(done, total)})
  }
  return {
    Input: options.input, Output: output, Payload: kind, ...(files !== undefined && {Files: files}),
    AlgorithmSuiteId: result.info.AlgorithmSuiteId, MessageId: result.info.MessageId, EncryptionContext: result.info.EncryptionContext,
    EncryptedDataKeys: result.info.EncryptedDataKeys, BytesIn: contentBytes ?? result.bytesIn, BytesOut: result.bytesOut,
  }
}
