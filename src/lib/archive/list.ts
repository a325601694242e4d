/**
 * `kms decrypt --list`: the entries of a tar stream, as stored (names are neither checked nor
 * rewritten: extraction does that).
 */
import {TarParser, type TarEntryType} from './tar-parse.js'

export interface ArchiveEntry {
  name: string
  type: TarEntryType
  size: number
  /** Permission bits as stored. */
  mode: number
  mtime: Date
  /** Target of a symbolic or hard link. */
  linkname?: string
}

export async function* listArchive(tar: AsyncIterable<Uint8Array>, options: {signal?: AbortSignal} = {}): AsyncGenerator<ArchiveEntry> {
  const parser = new TarParser()
  for await (const chunk of tar) {
    options.signal?.throwIfAborted()
    for (const event of parser.push(chunk)) {
      if (event.kind !== 'entry') continue
      const {name, type, size, mode, mtime, linkname} = event.header
      yield linkname === '' ? {name, type, size, mode, mtime} : {name, type, size, mode, mtime, linkname}
    }
  }
  parser.finish()
}
