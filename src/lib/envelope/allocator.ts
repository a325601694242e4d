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
 * message that is dropped with its channel. Elsewhere than glibc this does nothing.
 */
import {MessageChannel} from 'node:worker_threads'

const BLOCK = 16 * 1024 * 1024
let tuned = false

export function keepFreedMemory(): void {
  if (tuned) return
  tuned = true
  const block = new ArrayBuffer(BLOCK)
  const {port1, port2} = new MessageChannel()
  port1.postMessage(block, [block])
  port1.close()
  port2.close()
}
