import {setTimeout as sleep} from 'node:timers/promises'
import {beforeAll, describe, expect, it} from 'vitest'
import {keepFreedMemory, release} from '../../../src/lib/envelope/allocator.js'

const KIB = 1024

describe('release', () => {
  beforeAll(async () => {
    keepFreedMemory()
    // The port's peer closes on a later turn of the event loop; until then release leaves buffers alone.
    await sleep(20)
  })

  it('frees a buffer that is the whole of its memory: every view of it is empty afterwards', () => {
    const buffer = Buffer.alloc(64 * KIB, 7)
    const view = new Uint8Array(buffer.buffer)
    release(buffer)
    expect(buffer.length).toBe(0)
    expect(view.length).toBe(0)
    expect(buffer.buffer.byteLength).toBe(0)
  })

  it('leaves alone what may be shared: slices, pooled and small buffers, SharedArrayBuffers', () => {
    const whole = Buffer.alloc(64 * KIB, 1)
    const slice = whole.subarray(0, 32 * KIB)
    const small = Buffer.alloc(KIB, 2)
    const pooled = Buffer.from('pooled: a slice of Node’s shared 8 KiB pool')
    const shared = Buffer.from(new SharedArrayBuffer(64 * KIB))
    for (const buffer of [slice, small, pooled, shared]) release(buffer)
    expect(whole.length).toBe(64 * KIB)
    expect(slice.length).toBe(32 * KIB)
    expect(small.length).toBe(KIB)
    expect(pooled.toString()).toContain('pooled')
    expect(shared.length).toBe(64 * KIB)
  })

  it('frees at once: releasing 1 GiB of buffers in one turn keeps the process small', () => {
    const before = process.memoryUsage().arrayBuffers
    for (let i = 0; i < 1024; i++) release(Buffer.alloc(1024 * KIB, 1))
    // Dropped messages free their memory as they are posted; queued ones would hold all of it.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * KIB)
  })
})
