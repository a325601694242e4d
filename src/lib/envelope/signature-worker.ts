/**
 * The signature's hash over a whole message, off the main thread for large messages (FORMAT.md
 * §Streaming). Hashing (SHA-384) costs about as much as AES-GCM and encryption; with it in a
 * worker, both cores work.
 *
 * Small messages never start a worker: the bytes are kept (copied) and the main thread hashes
 * them at the end. Past SPAWN_AT bytes a worker starts, and bytes go through a shared ring of
 * RING_SIZE bytes, from the first byte on, while the main thread goes on (waiting, with
 * Atomics.wait, only while the ring is full, as while the worker starts). At the end the worker
 * signs (given the private key, which it drops when it ends) or verifies (given the public key
 * and the signature). The worker is unref'd and terminated once it answered or on close.
 *
 * The worker is plain CommonJS evaluated from a string: it loads the same from dist/ and from
 * the TypeScript sources under a test runner, with no file path to resolve.
 */
import {KeyObject, createSign, createVerify} from 'node:crypto'
import type {Worker} from 'node:worker_threads'
import {startWorker} from '../workers.js'

/** 4 MiB: enough to keep both threads busy; every MiB of fresh memory costs page faults (measured: 16 MiB took 3,000 more per message). */
const RING_SIZE = 4 * 1024 * 1024
/** Past this many bytes (or at once, for a message known to be larger) the hash moves to a worker. */
export const SPAWN_AT = 4 * 1024 * 1024
/** How long the main thread waits for room in the ring before giving up on the worker. */
const STALL_LIMIT_MS = 30_000
// ctl slots: bytes written and read (int32, wrapping), end of input, events, worker error
const HEAD = 0
const TAIL = 1
const DONE = 2
const EVENTS = 3
const FAILED = 4

const WORKER_SOURCE = `
const {parentPort, workerData} = require('node:worker_threads')
const {createSign, createVerify} = require('node:crypto')
const {ring, ctl, hash, verifying} = workerData
const bytes = new Uint8Array(ring)
const state = new Int32Array(ctl)
const mask = bytes.length - 1
const hasher = verifying ? createVerify(hash) : createSign(hash)
try {
  for (;;) {
    const events = Atomics.load(state, ${EVENTS})
    // DONE before HEAD: the main thread stores the last HEAD before DONE, so a DONE seen here means the HEAD read next is final.
    const done = Atomics.load(state, ${DONE})
    const head = Atomics.load(state, ${HEAD})
    const tail = state[${TAIL}]
    const used = (head - tail) | 0
    if (used === 0) {
      if (done === 1) break
      Atomics.wait(state, ${EVENTS}, events)
      continue
    }
    const at = tail & mask
    const count = Math.min(used, bytes.length - at)
    hasher.update(bytes.subarray(at, at + count))
    Atomics.store(state, ${TAIL}, (tail + count) | 0)
    Atomics.notify(state, ${TAIL})
  }
} catch (error) {
  Atomics.store(state, ${FAILED}, 1)
  Atomics.notify(state, ${TAIL})
  throw error
}
parentPort.once('message', ({key, signature}) => {
  let result
  try {
    result = verifying ? hasher.verify(key, signature) : hasher.sign(key)
  } catch {
    result = verifying ? false : undefined
  }
  key = undefined
  parentPort.postMessage(result)
})
`

/**
 * Input read straight into the ring, for decrypting large files (`readFileIntoRing`): the bytes
 * the decryptor consumes are then hashed where they lie, by a verifying SignatureHasher made with
 * this ring, instead of being copied in. Three positions, each only moving forward: written (by
 * the reader), consumed (by the decryptor: HEAD, what the worker may hash; the message's footer
 * is never consumed) and hashed (TAIL). Without a hasher (unsigned suites) consumed bytes are
 * free at once. Unconsumed bytes stay put, so the decryptor must consume in order what it was
 * given, as InputReader does; what it keeps across chunks it copies.
 */
export class InputRing {
  readonly ring = Buffer.from(new SharedArrayBuffer(RING_SIZE))
  readonly ctl = new Int32Array(new SharedArrayBuffer(5 * 4))
  private written = 0
  /** Set when a SignatureHasher hashes from this ring. */
  hashed = false

  /** The largest header a reader may gather before consuming anything (the rest stays for read-ahead). */
  static readonly MAX_UNCONSUMED = RING_SIZE / 2

  /** A view of up to `max` free bytes at the write position (contiguous), waiting while the ring is full. */
  reserve(max: number): Buffer {
    const ctl = this.ctl
    for (;;) {
      const tail = Atomics.load(ctl, TAIL)
      const free = this.ring.length - ((this.written - tail) | 0)
      if (free > 0) {
        const at = this.written & (this.ring.length - 1)
        return this.ring.subarray(at, at + Math.min(max, free, this.ring.length - at))
      }
      if (Atomics.load(ctl, FAILED) === 1 || Atomics.wait(ctl, TAIL, tail, STALL_LIMIT_MS) === 'timed-out') throw new Error('the signature worker stopped')
    }
  }

  /** `count` bytes were read into the view `reserve` gave. */
  wrote(count: number): void {
    this.written = (this.written + count) | 0
  }

  /** The next `count` bytes of the input were consumed: hashed now (signed suites) or free. */
  consume(count: number): void {
    const ctl = this.ctl
    const head = (ctl[HEAD] + count) | 0
    Atomics.store(ctl, HEAD, head)
    if (!this.hashed) {
      Atomics.store(ctl, TAIL, head)
      return
    }
    Atomics.add(ctl, EVENTS, 1)
    Atomics.notify(ctl, EVENTS)
  }
}

type Hasher = ReturnType<typeof createSign> | ReturnType<typeof createVerify>

/** Hashes what it is given, in order; `sign` or `verify` once, at the end. */
export class SignatureHasher {
  private early: Buffer[] = []
  private ring?: Buffer
  private ctl?: Int32Array
  private worker?: Worker
  private written = 0
  private closed = false

  /** With `input`, the worker hashes what is consumed from that ring, and `update` is not used. */
  constructor(private readonly hash: string, private readonly verifying: boolean, private readonly spawnAt = SPAWN_AT, private readonly input?: InputRing) {
    if (input === undefined) {
      if (spawnAt === 0) this.spawn()
      return
    }
    input.hashed = true
    this.spawn(input.ring, input.ctl)
  }

  update(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    if (this.input) throw new Error('this hasher reads its input ring: consume from the ring instead')
    this.written += chunk.length
    if (!this.worker) {
      // Until the worker is worth starting, the bytes wait here (copied: chunks may be reused).
      this.early.push(Buffer.from(chunk))
      if (this.written <= this.spawnAt) return
      this.spawn()
      const early = this.early
      this.early = []
      for (const piece of early) this.write(piece)
      return
    }
    this.write(chunk)
  }

  sign(privateKey: KeyObject): Promise<Buffer> {
    return this.finish({key: privateKey}) as Promise<Buffer>
  }

  verify(publicKey: KeyObject, signature: Buffer): Promise<boolean> {
    return this.finish({key: publicKey, signature}) as Promise<boolean>
  }

  /** Stops the worker, if any. (What it hashes is the message itself, nothing secret.) */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.early = []
    void this.worker?.terminate()
  }

  /** Copies into the ring, waiting while it is full. */
  private write(chunk: Uint8Array): void {
    // Buffer#fill with a buffer of the range's length is one native memcpy; Buffer#copy and
    // TypedArray#set into shared memory go through V8's relaxed atomic copy, several times slower.
    const source = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    const ring = this.ring!
    const ctl = this.ctl!
    for (let offset = 0; offset < chunk.length;) {
      const head = ctl[HEAD]
      const tail = Atomics.load(ctl, TAIL)
      const free = ring.length - ((head - tail) | 0)
      if (free === 0) {
        if (Atomics.load(ctl, FAILED) === 1 || Atomics.wait(ctl, TAIL, tail, STALL_LIMIT_MS) === 'timed-out') throw new Error('the signature worker stopped')
        continue
      }
      const at = head & (ring.length - 1)
      const count = Math.min(free, chunk.length - offset, ring.length - at)
      ring.fill(source.subarray(offset, offset + count), at, at + count)
      Atomics.store(ctl, HEAD, (head + count) | 0)
      Atomics.add(ctl, EVENTS, 1)
      Atomics.notify(ctl, EVENTS)
      offset += count
    }
  }

  private async finish(request: {key: KeyObject; signature?: Buffer}): Promise<Buffer | boolean> {
    try {
      if (!this.worker) {
        const hasher: Hasher = this.verifying ? createVerify(this.hash) : createSign(this.hash)
        for (const piece of this.early) hasher.update(piece)
        return this.verifying ? (hasher as ReturnType<typeof createVerify>).verify(request.key, request.signature!) : (hasher as ReturnType<typeof createSign>).sign(request.key)
      }
      const worker = this.worker
      const ctl = this.ctl!
      Atomics.store(ctl, DONE, 1)
      Atomics.add(ctl, EVENTS, 1)
      Atomics.notify(ctl, EVENTS)
      const answer = new Promise<Buffer | boolean | undefined>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
        worker.once('exit', () => reject(new Error('the signature worker stopped')))
      })
      worker.postMessage(request)
      const result = await answer
      if (result === undefined) throw new Error('signing failed')
      return typeof result === 'boolean' ? result : Buffer.from(result.buffer, result.byteOffset, result.byteLength)
    } finally {
      this.close()
    }
  }

  private spawn(ring = Buffer.from(new SharedArrayBuffer(RING_SIZE)), ctl = new Int32Array(new SharedArrayBuffer(5 * 4))): void {
    this.ring = ring
    this.ctl = ctl
    this.worker = startWorker(WORKER_SOURCE, {workerData: {ring: this.ring!.buffer, ctl: this.ctl!.buffer, hash: this.hash, verifying: this.verifying}})
    this.worker.unref()
    this.worker.on('error', () => {})
  }
}
