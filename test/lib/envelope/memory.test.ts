import {createHash, randomBytes} from 'node:crypto'
import {Writable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {describe, expect, it} from 'vitest'
import {decryptStream, encryptStream} from '../../../src/lib/envelope/index.js'
import {createTestKeyring} from './fixtures.js'

const MIB = 1024 * 1024

describe('memory', () => {
  it('keeps RSS flat while 256 MiB go through encrypt and decrypt in one pipeline (FORMAT.md §Streaming)', async () => {
    const block = randomBytes(MIB)
    const inputHash = createHash('sha256')
    const outputHash = createHash('sha256')
    let outputBytes = 0
    let writes = 0
    async function* generate(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 256; i++) {
        block.writeUInt32BE(i, 0)
        inputHash.update(block)
        yield block
      }
    }
    const sink = new Writable({
      highWaterMark: 4 * MIB,
      write(chunk: Buffer, _encoding, callback) {
        outputHash.update(chunk)
        outputBytes += chunk.length
        if (++writes % 16 === 0) peak = Math.max(peak, process.memoryUsage().rss)
        callback()
      },
    })
    const baseline = process.memoryUsage().rss
    let peak = baseline
    const decryption = decryptStream({keyrings: [createTestKeyring()]})
    await pipeline(generate(), encryptStream({keyrings: [createTestKeyring()], frameLength: MIB}).transform, decryption.transform, sink)
    await decryption.verified
    expect(outputBytes).toBe(256 * MIB)
    expect(outputHash.digest('hex')).toBe(inputHash.digest('hex'))
    expect((peak - baseline) / MIB).toBeLessThan(128)
  })
})
