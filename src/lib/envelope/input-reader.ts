/**
 * The decrypt side's view of its input. It never keeps a view into an input chunk once it asks
 * for the next one: small fields that straddle chunks are copied, and ciphertext is handed to a
 * callback piece by piece as it arrives. So a source may reuse its buffer for every chunk, and
 * memory does not grow with the frame length beyond the plaintext held for one frame. Every byte
 * consumed is shown to `onRead` (the signature hash).
 */

const EMPTY = Buffer.alloc(0)

export class InputReader {
  private current: Buffer = EMPTY
  private ended = false
  onRead?: (piece: Buffer) => void

  constructor(private readonly iterator: AsyncIterator<Uint8Array | string>) {}

  /** Bytes available without pulling. */
  get buffered(): number {
    return this.current.length
  }

  /** Pulls the next non-empty chunk; false at the end of input. Keeps (a copy of) unread bytes. */
  private async pull(): Promise<boolean> {
    if (this.current.length > 0) this.current = Buffer.from(this.current)
    while (!this.ended) {
      const next = await this.iterator.next()
      if (next.done) {
        this.ended = true
        return false
      }
      const chunk = toBuffer(next.value)
      if (chunk.length === 0) continue
      this.current = this.current.length === 0 ? chunk : Buffer.concat([this.current, chunk])
      return true
    }
    return false
  }

  /** Pulls until `count` bytes are buffered (copying); false if the input ends first. For headers and fields only. */
  async ensure(count: number): Promise<boolean> {
    while (this.current.length < count) {
      if (!(await this.pull())) return false
    }
    return true
  }

  /** The buffered bytes, without consuming them. Valid until the next pull. */
  peek(): Buffer {
    return this.current
  }

  /** The next `count` bytes as a view, valid until the next pull; undefined if the input ends first. */
  async readField(count: number): Promise<Buffer | undefined> {
    if (!(await this.ensure(count))) return undefined
    const field = this.current.subarray(0, count)
    this.current = this.current.subarray(count)
    this.onRead?.(field)
    return field
  }

  /** Hands the next `count` bytes to `onPiece` as they arrive; false if the input ends first. */
  async streamBytes(count: number, onPiece: (piece: Buffer) => void): Promise<boolean> {
    let remaining = count
    while (remaining > 0) {
      if (this.current.length === 0 && !(await this.pull())) return false
      const piece = this.current.subarray(0, Math.min(remaining, this.current.length))
      this.current = this.current.subarray(piece.length)
      remaining -= piece.length
      this.onRead?.(piece)
      onPiece(piece)
    }
    return true
  }

  /** True when no byte is left, buffered or to come. */
  async isAtEnd(): Promise<boolean> {
    return this.current.length === 0 && !(await this.pull())
  }

  /** Stops the source early (inspect reads only the header). */
  async close(): Promise<void> {
    await this.iterator.return?.()
  }
}

export function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8')
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}
