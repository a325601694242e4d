/**
 * The main thread's side of write-worker.ts: file operations queued in order, sent in batches
 * (the bytes copied into a buffer that is transferred, and handed back for reuse), with a bound
 * on what is in flight so memory stays flat. A failure in the worker surfaces at the next call
 * (`check`, `ready`, `drain`) as the error `describeFsError` makes for the entry's name.
 */
import {Worker} from 'node:worker_threads'
import {describeFsError} from './errors.js'
import {STOP, writeWorker, type WriteBatch, type WriteOp, type WriteWorkerMessage} from './write-worker.js'

const BATCH_BYTES = 1024 * 1024
const BATCH_OPS = 512
/** Batches sent and not yet done before `ready` waits. */
const MAX_IN_FLIGHT = 16

const WORKER_SOURCE = `(${writeWorker.toString()})(require, require('node:worker_threads'))`

/** Starts its worker on the first operation, so that an unused writer costs nothing. */
export class FileWriter {
  private worker: Worker | undefined
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4))
  private ops: WriteOp[] = []
  private data: Buffer
  private used = 0
  private inFlight = 0
  private readonly spare: ArrayBuffer[] = []
  private failure: Error | undefined
  private wake: (() => void) | undefined
  private stopped = false
  private exited = false

  constructor() {
    this.data = this.newData()
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {eval: true, workerData: {ctl: this.ctl.buffer}})
    worker.on('message', (message: WriteWorkerMessage) => {
      if (message.type === 'done') {
        this.inFlight--
        this.spare.push(message.data)
      } else {
        this.failure ??= describeFsError(message.action, message.name, Object.assign(new Error(message.message), {code: message.code}))
      }
      this.wake?.()
    })
    worker.on('error', error => this.fail(error))
    worker.on('exit', code => this.fail(new Error(`the extraction writer stopped (exit ${code})`)))
    return worker
  }

  open(path: string, name: string, mode: number, chmod: boolean): void {
    this.push({op: 'open', path, name, mode, chmod})
  }

  write(chunk: Uint8Array): void {
    for (let offset = 0; offset < chunk.length;) {
      if (this.used === this.data.length) this.flush()
      const length = Math.min(this.data.length - this.used, chunk.length - offset)
      this.data.set(chunk.subarray(offset, offset + length), this.used)
      this.push({op: 'write', offset: this.used, length})
      this.used += length
      offset += length
    }
  }

  close(mtime: number): void {
    this.push({op: 'close', mtime})
  }

  link(target: string, path: string, name: string): void {
    this.push({op: 'link', target, path, name})
  }

  /** Throws the worker's failure, if any. */
  check(): void {
    if (this.failure !== undefined) throw this.failure
  }

  /** True when the caller should wait (`ready`) before queuing more. */
  get busy(): boolean {
    return this.inFlight >= MAX_IN_FLIGHT || this.failure !== undefined
  }

  /** Waits until there is room for more, or throws the worker's failure. */
  async ready(): Promise<void> {
    while (this.inFlight >= MAX_IN_FLIGHT / 2 && this.failure === undefined) await new Promise<void>(resolve => (this.wake = resolve))
    this.check()
  }

  /** Sends what is queued and waits until the worker did all of it; throws its failure, if any. */
  async drain(): Promise<void> {
    this.flush()
    while (this.inFlight > 0 && this.failure === undefined) await new Promise<void>(resolve => (this.wake = resolve))
    this.check()
  }

  /** Makes the worker skip what is left, waits for it, and ends it (Node closes what a worker left open). */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopSync()
    this.ops = []
    while (this.inFlight > 0 && !this.exited) await new Promise<void>(resolve => (this.wake = resolve))
    await this.worker?.terminate()
  }

  /** For signal handlers: the worker stops at its next operation. */
  stopSync(): void {
    this.stopped = true
    Atomics.store(this.ctl, STOP, 1)
  }

  private fail(error: unknown): void {
    this.exited = true
    if (!this.stopped) this.failure ??= error instanceof Error ? error : new Error(String(error))
    this.wake?.()
  }

  private push(op: WriteOp): void {
    this.check()
    this.ops.push(op)
    if (this.ops.length >= BATCH_OPS) this.flush()
  }

  private flush(): void {
    if (this.ops.length === 0 || this.stopped) return
    const batch: WriteBatch = {ops: this.ops, data: this.data.buffer as ArrayBuffer}
    this.worker ??= this.start()
    this.worker.postMessage(batch, [batch.data])
    this.inFlight++
    this.ops = []
    this.data = this.newData()
    this.used = 0
  }

  private newData(): Buffer {
    return Buffer.from(this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES))
  }
}
