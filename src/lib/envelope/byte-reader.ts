/**
 * A cursor over a buffer for the header parser. Running out of bytes throws `NeedMoreBytes`, so
 * the streaming reader can wait for more input; anything malformed is an IntegrityError.
 */
import {IntegrityError} from '../errors.js'

/** Thrown when the buffer ends before the structure does. */
export class NeedMoreBytes extends Error {
  constructor() {
    super('need more bytes')
  }
}

const utf8 = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true})

export class ByteReader {
  offset = 0
  constructor(readonly bytes: Buffer) {}

  takeBytes(length: number): Buffer {
    if (this.offset + length > this.bytes.length) throw new NeedMoreBytes()
    const slice = this.bytes.subarray(this.offset, this.offset + length)
    this.offset += length
    return slice
  }

  takeUint8(): number {
    return this.takeBytes(1)[0]
  }

  takeUint16(): number {
    return this.takeBytes(2).readUInt16BE(0)
  }

  takeUint32(): number {
    return this.takeBytes(4).readUInt32BE(0)
  }

  /** A 2-byte length followed by that many bytes, as a copy. */
  takeLengthPrefixed(): Buffer {
    return Buffer.from(this.takeBytes(this.takeUint16()))
  }
}

/** Strict UTF-8 decoding: invalid sequences are an integrity failure. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new IntegrityError()
  }
}

/** Fails the message (without saying why) unless the condition holds. */
export function assertIntegrity(condition: boolean): asserts condition {
  if (!condition) throw new IntegrityError()
}

export function writeUint16(value: number): Buffer {
  const bytes = Buffer.allocUnsafe(2)
  bytes.writeUInt16BE(value, 0)
  return bytes
}

export function writeUint32(value: number): Buffer {
  const bytes = Buffer.allocUnsafe(4)
  bytes.writeUInt32BE(value, 0)
  return bytes
}
