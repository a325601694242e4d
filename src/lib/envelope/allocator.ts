/**
 * Every cipher update returns a fresh buffer, so a large message makes malloc allocate and free
 * its own size over again. With glibc's default thresholds the heap top is given back to the
 * kernel after each garbage collection (trim above 128 KiB) and faulted in again page by page:
 * measured, half the time of a 1 GiB encrypt went to page faults (FORMAT.md §Streaming).
 *
 * glibc raises its thresholds by itself once a mmapped block is freed: the mmap threshold to the
 * block's size and the trim threshold to twice that (up to 32 MiB). Freeing one 16 MiB block
 * once per process therefore keeps up to 32 MiB of freed heap for reuse instead of trimming it.
 * The block is never touched (no page is faulted in) and is freed at once: transferred into a
 * message queued to a port that is then closed, which drops its queue. Elsewhere than glibc this
 * does nothing.
 *
 * Outputs also live until the garbage collector finds them, and V8 looks for them only after
 * tens of MiB of them (external memory pressure), past that threshold: `release` frees one at
 * once instead, transferred into a message to the same closed port (from then on, messages to
 * it are dropped as they are posted). Measured on 256 MiB of AES-GCM output with 1 MiB in
 * flight: 0.29 s with the collector, 0.14 s with `release`.
 */
import {MessageChannel, type MessagePort} from 'node:worker_threads'

const BLOCK = 16 * 1024 * 1024
/** Smaller buffers may be slices of Node's shared pool; they are left to the collector. */
const RELEASE_AT = 4096
let tuned = false
/** Set once the port's peer is closed: posting to it then drops the message. */
let sink: MessagePort | undefined

export function keepFreedMemory(): void {
  if (tuned) return
  tuned = true
  const block = new ArrayBuffer(BLOCK)
  const {port1, port2} = new MessageChannel()
  port1.postMessage(block, [block])
  port1.unref()
  port1.once('close', () => {
    sink = port1
  })
  port2.close()
}

/**
 * Frees a buffer's memory now, if it is the whole of its ArrayBuffer (not shared, not a slice).
 * Only for a buffer nothing else references: the caller made it, or was handed it to keep.
 * Every view of it is empty afterwards. Before keepFreedMemory's port is closed (a moment after
 * the first message starts), this leaves the buffer to the collector.
 */
export function release(buffer: Uint8Array): void {
  const memory = buffer.buffer
  if (!sink || buffer.byteLength < RELEASE_AT || buffer.byteOffset !== 0 || memory.byteLength !== buffer.byteLength || !(memory instanceof ArrayBuffer)) return
  sink.postMessage(memory, [memory])
}
