/**
 * The writing half of extraction, on a worker thread: StagingTree (stage.ts) decides, on the
 * main thread, what may be created where; this worker only carries out its file operations
 * (create, write, set mtime, close, hard link), in order, while the main thread decrypts and
 * parses what comes next. Creating 10,000 files is mostly system-call time; here it runs on
 * the second core.
 *
 * Like pack-worker.ts, the worker runs the text of `writeWorker`, so it may use nothing from
 * this module's scope. Batches come as messages (operations, and the bytes they write in one
 * transferred buffer); each is acknowledged with `{type: 'done'}`, which hands the buffer back. The first failure is
 * reported once (`{type: 'error'}`) and every later operation is skipped; ctl[STOP] set by the
 * main thread makes the worker close what it has open and skip the rest.
 */

export type WriteOp =
  /** Create a new file (O_EXCL|O_NOFOLLOW) with `mode`; `chmod` when the umask would take bits off. */
  | {op: 'open'; path: string; name: string; mode: number; chmod: boolean}
  /** Append `length` bytes from the batch's data at `offset` to the open file. */
  | {op: 'write'; offset: number; length: number}
  /** Set the open file's mtime (seconds) and close it. */
  | {op: 'close'; mtime: number}
  | {op: 'link'; target: string; path: string; name: string}

export interface WriteBatch {
  ops: WriteOp[]
  data: ArrayBuffer
}

export type WriteWorkerMessage =
  | {type: 'done'; data: ArrayBuffer}
  | {type: 'error'; name: string; action: string; code?: string; message: string}

export const STOP = 0

/** The worker's body. Self-contained: see the module comment. */
export function writeWorker(require: NodeJS.Require, threads: typeof import('node:worker_threads')): void {
  const fs = require('node:fs') as typeof import('node:fs')
  const port = threads.parentPort!
  const ctl = new Int32Array(threads.workerData.ctl as SharedArrayBuffer)
  const CREATE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW
  let fd: number | undefined
  let name = ''
  let failed = false

  const closeOpen = (): void => {
    if (fd === undefined) return
    try {
      fs.closeSync(fd)
    } catch {
      // already reported, or nothing more to do
    }
    fd = undefined
  }
  const run = (op: WriteOp, data: Buffer): void => {
    switch (op.op) {
      case 'open':
        name = op.name
        fd = fs.openSync(op.path, CREATE, op.mode)
        if (op.chmod) fs.fchmodSync(fd, op.mode)
        return
      case 'write':
        for (let written = 0; written < op.length;) written += fs.writeSync(fd!, data, op.offset + written, op.length - written)
        return
      case 'close':
        try {
          // As a Date: a negative number (before 1970) would mean now to Node.
          const mtime = new Date(op.mtime * 1000)
          fs.futimesSync(fd!, mtime, mtime)
        } finally {
          closeOpen()
        }
        return
      case 'link':
        name = op.name
        fs.linkSync(op.target, op.path)
    }
  }

  port.on('message', (batch: WriteBatch) => {
    const data = Buffer.from(batch.data)
    if (Atomics.load(ctl, 0) === 1) closeOpen()
    for (const op of batch.ops) {
      if (failed) break
      if (Atomics.load(ctl, 0) === 1) {
        closeOpen()
        break
      }
      try {
        run(op, data)
      } catch (error) {
        failed = true
        closeOpen()
        const action = op.op === 'open' || op.op === 'link' ? 'create' : 'write'
        port.postMessage({type: 'error', name: op.op === 'open' || op.op === 'link' ? op.name : name, action,
          code: (error as NodeJS.ErrnoException).code, message: (error as Error).message})
      }
    }
    port.postMessage({type: 'done', data: batch.data}, [batch.data])
  })
}
