import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {IntegrityError, UsageError} from '../../../src/lib/errors.js'
import {createEncryptionContext, serializeEncryptionContext} from '../../../src/lib/envelope/encryption-context.js'
import {MessageHeader, parseHeader, serializeHeader, serializeHeaderAuth} from '../../../src/lib/envelope/header.js'
import {ALGORITHM_SUITES, decryptBuffer, encryptBuffer} from '../../../src/lib/envelope/index.js'
import {DEFAULT_LIMITS} from '../../../src/lib/envelope/limits.js'
import {createTestKeyring} from './fixtures.js'

const suites = [...ALGORITHM_SUITES.values()]

const headerArbitrary: fc.Arbitrary<MessageHeader> = fc.record({
  suite: fc.constantFrom(...suites),
  contextPairs: fc.array(fc.tuple(fc.string({unit: 'grapheme', maxLength: 12}), fc.string({unit: 'grapheme', maxLength: 12})), {maxLength: 5}),
  edks: fc.array(fc.record({providerId: fc.string({maxLength: 10}), providerInfo: fc.uint8Array({maxLength: 40}), ciphertext: fc.uint8Array({maxLength: 40})}), {minLength: 1, maxLength: 10}),
  framed: fc.boolean(),
  frameLength: fc.integer({min: 1, max: DEFAULT_LIMITS.maxFrameLength}),
  seed: fc.uint8Array({minLength: 32, maxLength: 32}),
}).map(({suite, contextPairs, edks, framed, frameLength, seed}) => {
  const version = suite.messageFormat
  return {
    version, suite,
    messageId: Buffer.from(seed.subarray(0, version === 1 ? 16 : 32)),
    encryptionContext: createEncryptionContext(contextPairs),
    encryptedDataKeys: edks.map((edk) => ({providerId: edk.providerId, providerInfo: Buffer.from(edk.providerInfo), ciphertext: Buffer.from(edk.ciphertext)})),
    contentType: framed || version === 2 ? 'framed' : 'non-framed',
    frameLength: framed || version === 2 ? frameLength : 0,
    ...(version === 2 ? {suiteData: Buffer.from(seed)} : {}),
  } as MessageHeader
})

function withAuth(header: MessageHeader): Buffer {
  return Buffer.concat([serializeHeader(header), serializeHeaderAuth(header.version, {iv: Buffer.alloc(12), tag: Buffer.alloc(16, 1)})])
}

describe('header serialization', () => {
  it('parses what it serializes, and re-serializes the same bytes (FORMAT.md §Header)', () => {
    fc.assert(fc.property(headerArbitrary, (header) => {
      const bytes = withAuth(header)
      const parsed = parseHeader(bytes, DEFAULT_LIMITS)!
      expect(parsed.length).toBe(bytes.length)
      expect(parsed.header).toEqual(header)
      expect(withAuth(parsed.header).equals(bytes)).toBe(true)
    }), {numRuns: 300})
  })

  it('asks for more bytes, never fails, on any prefix of a valid header (FORMAT.md §Header)', () => {
    fc.assert(fc.property(headerArbitrary, (header) => {
      const bytes = withAuth(header)
      for (let end = 0; end < bytes.length; end++) expect(parseHeader(bytes.subarray(0, end), DEFAULT_LIMITS)).toBeUndefined()
    }), {numRuns: 30})
  })

  it('rejects an empty EDK list (FORMAT.md §Header)', () => {
    const header = fc.sample(headerArbitrary, {numRuns: 1, seed: 1})[0]
    expect(() => parseHeader(withAuth({...header, encryptedDataKeys: []}), DEFAULT_LIMITS)).toThrow(IntegrityError)
  })

  it('rejects more EDKs than the limit before reading them, with a hint (FORMAT.md §Limits)', () => {
    const header = fc.sample(headerArbitrary, {numRuns: 1, seed: 2})[0]
    const edk = {providerId: 'p', providerInfo: Buffer.alloc(1), ciphertext: Buffer.alloc(1)}
    const bytes = withAuth({...header, encryptedDataKeys: Array(11).fill(edk)})
    const error = (() => { try { parseHeader(bytes, DEFAULT_LIMITS) } catch (e) { return e as IntegrityError } })()
    expect(error).toBeInstanceOf(IntegrityError)
    expect(error!.hints.join(' ')).toMatch(/11 encrypted data keys; the limit is 10/)
    expect(parseHeader(bytes, {...DEFAULT_LIMITS, maxEncryptedDataKeys: 11})).toBeDefined()
  })

  it('rejects a frame length above the limit (FORMAT.md §Limits)', () => {
    const header = fc.sample(headerArbitrary, {numRuns: 1, seed: 3})[0]
    const bytes = withAuth({...header, contentType: 'framed', frameLength: 2 ** 31})
    expect(() => parseHeader(bytes, DEFAULT_LIMITS)).toThrow(IntegrityError)
  })

  it('rejects a header with duplicate encryption context keys (FORMAT.md §Encryption context)', () => {
    const header = fc.sample(headerArbitrary, {numRuns: 1, seed: 4}).map((h) => ({...h, encryptionContext: createEncryptionContext([['k', 'v']])}))[0]
    const bytes = withAuth(header)
    const single = serializeEncryptionContext(header.encryptionContext)
    const doubled = Buffer.concat([Buffer.from([0, 2]), single.subarray(2), single.subarray(2)])
    const at = bytes.indexOf(single)
    const lengthField = Buffer.alloc(2)
    lengthField.writeUInt16BE(doubled.length)
    const tampered = Buffer.concat([bytes.subarray(0, at - 2), lengthField, doubled, bytes.subarray(at + single.length)])
    expect(() => parseHeader(tampered, DEFAULT_LIMITS)).toThrow(IntegrityError)
  })

  it('sorts encryption context pairs by the UTF-8 bytes of their keys (FORMAT.md §Encryption context)', () => {
    const serialized = serializeEncryptionContext(createEncryptionContext([['é', '1'], ['z', '2'], ['Z', '3'], ['\u{1F600}', '4'], ['\uFF21', '5']]))
    const keys: string[] = []
    for (let offset = 2; offset < serialized.length;) {
      const keyLength = serialized.readUInt16BE(offset)
      keys.push(serialized.subarray(offset + 2, offset + 2 + keyLength).toString('utf8'))
      offset += 2 + keyLength
      offset += 2 + serialized.readUInt16BE(offset)
    }
    expect(keys).toEqual(['Z', 'z', 'é', '\uFF21', '\u{1F600}'])
  })
})

describe('encryption context rules', () => {
  it('refuses a user key with the reserved aws-crypto- prefix on encrypt (FORMAT.md §Encryption context)', async () => {
    await expect(encryptBuffer(Buffer.from('x'), {keyrings: [createTestKeyring()], encryptionContext: {'aws-crypto-public-key': 'x'}})).rejects.toBeInstanceOf(UsageError)
  })

  it('refuses a reserved key in the reproduced context on decrypt (FORMAT.md §Encryption context)', async () => {
    const {ciphertext} = await encryptBuffer(Buffer.from('x'), {keyrings: [createTestKeyring()]})
    await expect(decryptBuffer(ciphertext, {keyrings: [createTestKeyring()], encryptionContext: {'aws-crypto-x': '1'}})).rejects.toBeInstanceOf(UsageError)
  })

  it('stores aws-crypto-public-key for the signed default suite only (FORMAT.md §Footer)', async () => {
    const signed = await encryptBuffer(Buffer.from('x'), {keyrings: [createTestKeyring()]})
    const unsigned = await encryptBuffer(Buffer.from('x'), {keyrings: [createTestKeyring()], algorithmSuiteId: 0x0478})
    expect(Object.keys(signed.info.EncryptionContext)).toEqual(['aws-crypto-public-key'])
    expect(signed.info.AlgorithmSuiteId).toBe('0x0578')
    expect(Object.keys(unsigned.info.EncryptionContext)).toEqual([])
  })

  it('accepts a reproduced context that matches the stored pairs (FORMAT.md §Required encryption context)', async () => {
    const {ciphertext} = await encryptBuffer(Buffer.from('x'), {keyrings: [createTestKeyring()], encryptionContext: {a: '1', b: '2'}})
    await expect(decryptBuffer(ciphertext, {keyrings: [createTestKeyring()], encryptionContext: {a: '1'}})).resolves.toBeDefined()
    await expect(decryptBuffer(ciphertext, {keyrings: [createTestKeyring()], encryptionContext: {a: '2'}})).rejects.toBeInstanceOf(IntegrityError)
    await expect(decryptBuffer(ciphertext, {keyrings: [createTestKeyring()], encryptionContext: {c: '3'}})).rejects.toBeInstanceOf(IntegrityError)
  })
})
