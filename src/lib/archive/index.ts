/**
 * Directory ⇄ tar stream, for `kms encrypt DIR` and `kms decrypt DIR.tar.kms`. FORMAT.md
 * §Directory archives states the archive conventions and the extraction rules.
 */
export {packDirectory, startPacking, type Packer, type PackOptions, type PackProgress} from './pack.js'
export {scanDirectory, type DirectoryScan, type ScannedEntry, type ScanOptions} from './scan.js'
export {createExtractor, type Extractor, type ExtractOptions, type ExtractProgress, type ExtractResult, type ExtractSummary} from './extract.js'
export {listArchive, type ArchiveEntry} from './list.js'
export type {TarEntryType} from './tar-parse.js'
export {FileChangedError, InvalidArchiveError, TargetExistsError, UnsafeArchiveError} from './errors.js'
export {IGNORE_FILE} from './exclude.js'
