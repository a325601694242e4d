/**
 * Tar stream → directory, all or nothing. `createExtractor(target)` checks the target and makes a
 * staging directory beside it (`<parent>/.<name>.kms-staging-XXXXXX`, 0700, same file system);
 * `write` extracts the whole stream there (stage.ts holds the safety rules); `commit` renames the
 * staging directory to the target, only once the caller knows the stream was authentic; `abort`
 * (or `abortSync`, for a SIGINT handler) removes it. On any failure of `write` or `commit`, call
 * `abort`: nothing is then left, and an existing target is untouched.
 *
 * An existing target is refused unless `force`: checked at creation and again at commit. With
 * `force` the old target is renamed aside, the new tree renamed in, and the old one removed last.
 */
import {lstatSync, mkdirSync, mkdtempSync, renameSync, rmdirSync, statSync} from 'node:fs'
import {randomBytes} from 'node:crypto'
import {basename, dirname, join, resolve} from 'node:path'
import {KmsError, UsageError} from '../errors.js'
import {describeFsError, TargetExistsError} from './errors.js'
import {existsPath, removeTree, removeTreeSync} from './remove.js'
import {StagingTree, type ExtractProgress, type ExtractSummary} from './stage.js'
import {TarParser} from './tar-parse.js'
import {release} from '../envelope/allocator.js'
import {removeLeftovers, stagingPrefix} from '../leftovers.js'
import {describeSpecialFile} from '../special-files.js'

export type {ExtractProgress, ExtractSummary}

export interface ExtractOptions {
  /** Replace an existing target (at commit, and only then). */
  force?: boolean
  onProgress?: (progress: ExtractProgress) => void
  signal?: AbortSignal
}

export interface ExtractResult extends ExtractSummary {
  /** Absolute path of the committed directory. */
  target: string
}

export interface Extractor {
  /** Absolute path the tree will have after commit. */
  readonly target: string
  /** Absolute path of the staging directory. */
  readonly staging: string
  /**
   * Extracts a whole tar stream into the staging directory; usable as the last stage of `pipeline`.
   * With `releaseChunks`, each chunk's memory is freed once extracted (allocator.ts): for a source
   * that yields fresh buffers it does not keep, such as the decryption step.
   */
  write(tar: AsyncIterable<Uint8Array>, options?: {releaseChunks?: boolean}): Promise<ExtractSummary>
  /** Moves the extracted tree into place. Call only after `write` resolved and the stream was verified. */
  commit(): Promise<ExtractResult>
  /** Removes the staging directory; does nothing after a commit. Idempotent. */
  abort(): Promise<void>
  /** `abort` for signal handlers and exit hooks. */
  abortSync(): void
}

export async function createExtractor(target: string, options: ExtractOptions = {}): Promise<Extractor> {
  const absolute = resolve(target)
  const parent = dirname(absolute)
  const name = basename(absolute)
  if (absolute === parent) throw new UsageError(`cannot extract into ${target}: choose a directory name`)
  checkParent(target, parent)
  const existing = lstatSync(absolute, {throwIfNoEntry: false})
  // --force replaces a directory, a file or a link, never a device, FIFO or socket (as root, -o /dev/null would remove /dev/null).
  const special = existing && describeSpecialFile(existing)
  if (special) throw new UsageError(`cannot extract into ${target}: it is ${special}`, {hint: 'extract into a directory with -o DIR, or write the tar to it with --raw'})
  if (!options.force && existing) throw new TargetExistsError(target, existing.isDirectory())
  let staging: string
  try {
    removeLeftovers(parent, name)
    staging = mkdtempSync(join(parent, stagingPrefix(name)))
  } catch (err) {
    throw describeFsError('create a directory in', parent, err)
  }
  return new StagedExtractor(target, absolute, staging, options)
}

function checkParent(target: string, parent: string): void {
  let isDirectory: boolean
  try {
    isDirectory = statSync(parent).isDirectory()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new KmsError('NotFound', `cannot extract into ${target}: the directory ${parent} does not exist`, {hint: 'create it first, or extract elsewhere with -o DIR'})
    }
    throw describeFsError(`extract into ${target}: cannot open`, parent, err)
  }
  if (!isDirectory) throw new UsageError(`cannot extract into ${target}: ${parent} is not a directory`)
}

type State = 'ready' | 'writing' | 'written' | 'failed' | 'committed' | 'aborted'

class StagedExtractor implements Extractor {
  private state: State = 'ready'
  private summary: ExtractSummary | undefined
  private readonly tree: StagingTree

  constructor(
    private readonly given: string,
    readonly target: string,
    readonly staging: string,
    private readonly options: ExtractOptions,
  ) {
    this.tree = new StagingTree(staging, process.umask(), options.onProgress)
  }

  write = async (tar: AsyncIterable<Uint8Array>, {releaseChunks = false} = {}): Promise<ExtractSummary> => {
    this.expect('ready', 'write')
    this.state = 'writing'
    const parser = new TarParser()
    try {
      for await (const chunk of tar) {
        this.options.signal?.throwIfAborted()
        for (const event of parser.push(chunk)) this.tree.handle(event)
        // The parser and the writers copy what they keep.
        if (releaseChunks) release(chunk)
        if (this.tree.busy) await this.tree.ready()
      }
      parser.finish()
      await this.tree.drain()
      this.summary = this.tree.finish()
      this.state = 'written'
      return this.summary
    } catch (err) {
      if (this.state === 'writing') this.state = 'failed'
      throw err
    } finally {
      await this.tree.stop()
    }
  }

  commit = async (): Promise<ExtractResult> => {
    this.expect('written', 'commit')
    this.state = 'failed'
    if (!this.options.force && existsPath(this.target)) throw new TargetExistsError(this.given)
    try {
      this.tree.applyDirectoryMetadata()
    } catch (err) {
      throw describeFsError('set permissions in', this.staging, err)
    }
    if (this.options.force) await this.replaceTarget()
    else this.moveIntoPlace()
    this.state = 'committed'
    return {target: this.target, ...(this.summary as ExtractSummary)}
  }

  abort = async (): Promise<void> => {
    if (this.state === 'committed' || this.state === 'aborted') return
    this.state = 'aborted'
    await this.tree.stop()
    await removeTree(this.staging)
  }

  abortSync = (): void => {
    if (this.state === 'committed' || this.state === 'aborted') return
    this.state = 'aborted'
    this.tree.stopSync()
    removeTreeSync(this.staging)
  }

  /** Claims the name with an empty directory (mkdir fails if anything is there), then renames over it. */
  private moveIntoPlace(): void {
    try {
      mkdirSync(this.target, 0o700)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new TargetExistsError(this.given)
      throw describeFsError('create', this.target, err)
    }
    try {
      renameSync(this.staging, this.target)
    } catch (err) {
      rmdirSync(this.target)
      throw describeFsError('rename the extracted tree to', this.target, err)
    }
  }

  /** Old target aside, new tree in, old tree removed; the old one is put back if the swap fails. */
  private async replaceTarget(): Promise<void> {
    const aside = join(dirname(this.target), `.${basename(this.target)}.kms-old-${randomBytes(6).toString('hex')}`)
    const existing = lstatSync(this.target, {throwIfNoEntry: false})
    const special = existing && describeSpecialFile(existing)
    if (special) throw new UsageError(`cannot extract into ${this.given}: it is ${special}`)
    let replaced = true
    try {
      renameSync(this.target, aside)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw describeFsError('move aside', this.target, err)
      replaced = false
    }
    try {
      renameSync(this.staging, this.target)
    } catch (err) {
      if (replaced) renameSync(aside, this.target)
      throw describeFsError('rename the extracted tree to', this.target, err)
    }
    if (replaced) await removeTree(aside)
  }

  private expect(state: State, action: string): void {
    if (this.state !== state) throw new Error(`cannot ${action} an extractor that is ${this.state}`)
  }
}
