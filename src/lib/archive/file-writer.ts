/**
 * The main thread's side of write-worker.ts. Creating files is mostly kernel time, and two
 * threads create 10,000 small files about 1.5 times as fast as one (measured on the benchmark
 * machine), so there are several lanes, each a worker with its own queue: a file goes whole to
 * one lane, a batch of files to the lane with the least in flight, a hard link to its target's
 * lane, after it. Operations are sent in batches (the bytes copied into a buffer that is transferred,
 * and handed back for reuse), with a bound on what is in flight so memory stays flat. A failure
 * in a worker surfaces at the next call (`check`, `ready`, `drain`) as the error
 * `describeFsError` makes for the entry's name.
 */
import {availableParallelism} from 'node:os'
import type {Worker} from 'node:worker_threads'
import {startWorker} from '../workers.js'
import {KmsError} from '../errors.js'
import {describeFsError} from './errors.js'
import {STOP, writeWorker, type WriteBatch, type WriteOp, type WriteWorkerMessage} from './write-worker.js'

const BATCH_BYTES = 1024 * 1024
const BATCH_OPS = 512
/** Batches sent and not yet done, over all lanes, before `ready` waits. */
const MAX_IN_FLIGHT = 16
const LANES = Math.min(4, Math.max(2, availableParallelism()))

const WORKER_SOURCE = `(${writeWorker.toString()})(require, require('node:worker_threads'))`

/** One worker and what is queued for it; the worker starts with the first batch. */
interface Lane {
  worker?: Worker
  ops: WriteOp[]
  data: Buffer
  used: number
  inFlight: number
  exited: boolean
}

export class FileWriter {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4))
  private readonly lanes: Lane[]
  /** The lane of the file being written. */
  private current: Lane
  /** Which lane wrote each file (by path), for hard links to it. */
  private readonly laneOf = new Map<string, Lane>()
  private readonly spare: ArrayBuffer[] = []
  private failure: Error | undefined
  private wake: (() => void) | undefined
  /** stop or stopSync was called: nothing more is sent. */
  private stopped = false
  /** stop finished: the workers are gone. */
  private ended = false

  constructor(lanes = LANES) {
    this.lanes = Array.from({length: lanes}, () => ({ops: [], data: this.newData(), used: 0, inFlight: 0, exited: false}))
    this.current = this.lanes[0]
  }

  open(path: string, name: string, mode: number, chmod: boolean): void {
    // Files stay on one lane for a whole batch (neighbours share a directory); a new batch goes to the least busy lane.
    if (this.current.ops.length === 0) this.current = this.lanes.reduce((best, lane) => (lane.inFlight < best.inFlight ? lane : best))
    this.laneOf.set(path, this.current)
    this.push(this.current, {op: 'open', path, name, mode, chmod})
  }

  write(chunk: Uint8Array): void {
    const lane = this.current
    for (let offset = 0; offset < chunk.length;) {
      this.check()
      if (lane.used === lane.data.length) this.flush(lane)
      const length = Math.min(lane.data.length - lane.used, chunk.length - offset)
      lane.data.set(chunk.subarray(offset, offset + length), lane.used)
      this.push(lane, {op: 'write', offset: lane.used, length})
      lane.used += length
      offset += length
    }
  }

  close(mtime: number): void {
    this.push(this.current, {op: 'close', mtime})
  }

  link(target: string, path: string, name: string): void {
    const lane = this.laneOf.get(target) ?? this.lanes[0]
    this.laneOf.set(path, lane)
    this.push(lane, {op: 'link', target, path, name})
  }

  /** Throws a worker's failure, if any. */
  check(): void {
    if (this.failure !== undefined) throw this.failure
  }

  /** True when the caller should wait (`ready`) before queuing more. */
  get busy(): boolean {
    return this.inFlight >= MAX_IN_FLIGHT || this.failure !== undefined
  }

  /** Waits until there is room for more, or throws a worker's failure. */
  async ready(): Promise<void> {
    while (this.inFlight >= MAX_IN_FLIGHT / 2 && this.failure === undefined) await this.nextMessage()
    this.check()
  }

  /** Sends what is queued and waits until the workers did all of it; throws the first failure, if any. */
  async drain(): Promise<void> {
    for (const lane of this.lanes) this.flush(lane)
    while (this.inFlight > 0 && this.failure === undefined) await this.nextMessage()
    this.check()
  }

  /**
   * Makes the workers skip what is left, waits for them, ends them (Node closes what a worker left
   * open) and zeroes the batch buffers (file contents). Also after `stopSync`.
   */
  async stop(): Promise<void> {
    if (this.ended) return
    this.halt()
    while (this.lanes.some(lane => lane.inFlight > 0 && !lane.exited)) await this.nextMessage()
    await Promise.all(this.lanes.map(lane => lane.worker?.terminate()))
    this.ended = true
    for (const lane of this.lanes) lane.data.fill(0)
    for (const buffer of this.spare) new Uint8Array(buffer).fill(0)
  }

  /** For signal handlers: the workers stop at their next operation, and every later call throws. */
  stopSync(): void {
    this.failure ??= new KmsError('Interrupted', 'the extraction was stopped')
    this.halt()
  }

  /** Nothing more is sent; the workers skip what they have at their next operation. */
  private halt(): void {
    this.stopped = true
    Atomics.store(this.ctl, STOP, 1)
    for (const lane of this.lanes) lane.ops = []
    this.wake?.()
  }

  private get inFlight(): number {
    return this.lanes.reduce((sum, lane) => sum + lane.inFlight, 0)
  }

  private nextMessage(): Promise<void> {
    return new Promise<void>(resolve => (this.wake = resolve))
  }

  private start(lane: Lane): Worker {
    const worker = startWorker(WORKER_SOURCE, {workerData: {ctl: this.ctl.buffer}})
    worker.on('message', (message: WriteWorkerMessage) => {
      if (message.type === 'done') {
        lane.inFlight--
        this.spare.push(message.data)
      } else {
        this.failure ??= describeFsError(message.action, message.name, Object.assign(new Error(message.message), {code: message.code}))
      }
      this.wake?.()
    })
    worker.on('error', error => this.fail(lane, error))
    worker.on('exit', code => this.fail(lane, new Error(`the extraction writer stopped (exit ${code})`)))
    return worker
  }

  private fail(lane: Lane, error: unknown): void {
    lane.exited = true
    if (!this.stopped) this.failure ??= error instanceof Error ? error : new Error(String(error))
    this.wake?.()
  }

  private push(lane: Lane, op: WriteOp): void {
    this.check()
    lane.ops.push(op)
    if (lane.ops.length >= BATCH_OPS) this.flush(lane)
  }

  private flush(lane: Lane): void {
    if (lane.ops.length === 0 || this.stopped) return
    const batch: WriteBatch = {ops: lane.ops, data: lane.data.buffer as ArrayBuffer}
    lane.worker ??= this.start(lane)
    lane.worker.postMessage(batch, [batch.data])
    lane.inFlight++
    lane.ops = []
    lane.data = this.newData()
    lane.used = 0
  }

  private newData(): Buffer {
    return Buffer.from(this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES))
  }
}
