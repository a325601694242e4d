import {CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, buildClient} from '@aws-crypto/client-node'
import {createSign, generateKeyPairSync, createVerify} from 'node:crypto'
import {Worker} from 'node:worker_threads'
import {describe, expect, it} from 'vitest'
import {IntegrityError} from '../../../src/lib/errors.js'
import {decryptBuffer, encryptBuffer} from '../../../src/lib/envelope/index.js'
import type {Keyring} from '../../../src/lib/envelope/keyring.js'
import {InputRing, SignatureHasher} from '../../../src/lib/envelope/signature-worker.js'
import {KEY_NAME, KEY_NAMESPACE, WRAPPING_KEY, createTestKeyring, randomPlaintext} from './fixtures.js'
import {expectNoWorkers} from '../../helpers/workers.js'

const MIB = 1024 * 1024

describe('the signature hash in a worker (FORMAT.md §Streaming)', () => {
  const {privateKey, publicKey} = generateKeyPairSync('ec', {namedCurve: 'secp384r1'})
  const data = randomPlaintext(9 * MIB + 123)
  const pieces = (): Buffer[] => [data.subarray(0, 1), data.subarray(1, 3 * MIB), data.subarray(3 * MIB, 7 * MIB + 5), data.subarray(7 * MIB + 5)]

  for (const spawnAt of [0, 4 * MIB, Infinity]) {
    it(`signs and verifies as createSign / createVerify do, the worker starting after ${spawnAt} bytes`, async () => {
      const signer = new SignatureHasher('sha384', false, spawnAt)
      for (const piece of pieces()) signer.update(piece)
      const signature = await signer.sign(privateKey)
      expect(createVerify('sha384').update(data).verify(publicKey, signature)).toBe(true)

      const theirs = createSign('sha384').update(data).sign(privateKey)
      const verifier = new SignatureHasher('sha384', true, spawnAt)
      for (const piece of pieces()) verifier.update(piece)
      expect(await verifier.verify(publicKey, theirs)).toBe(true)

      const wrong = new SignatureHasher('sha384', true, spawnAt)
      for (const piece of pieces()) wrong.update(piece)
      wrong.update(Buffer.from([0]))
      expect(await wrong.verify(publicKey, theirs)).toBe(false)
      await expectNoWorkers()
    })
  }

  it('stops a worker left waiting when the message is abandoned (close without sign)', async () => {
    const signer = new SignatureHasher('sha384', false, 0)
    for (const piece of pieces()) signer.update(piece)
    const worker = (signer as unknown as {worker: Worker}).worker
    expect(worker).toBeInstanceOf(Worker)
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    await new Promise((resolve) => setTimeout(resolve, 100))
    signer.close()
    await expect(Promise.race([exited.then(() => 'exited'), new Promise((resolve) => setTimeout(() => resolve('still running'), 2000))])).resolves.toBe('exited')
  })

  it('round-trips a signed message large enough for the worker, which client-node also reads, and leaves no worker', async () => {
    const plaintext = randomPlaintext(12 * MIB + 77)
    const {ciphertext} = await encryptBuffer(plaintext, {keyrings: [createTestKeyring()], frameLength: MIB})
    expect((await decryptBuffer(ciphertext, {keyrings: [createTestKeyring()]})).plaintext.equals(plaintext)).toBe(true)
    const sdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
    const keyring = new RawAesKeyringNode({
      keyName: KEY_NAME, keyNamespace: KEY_NAMESPACE, unencryptedMasterKey: new Uint8Array(WRAPPING_KEY),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING, utf8Sorting: true,
    })
    expect(Buffer.from((await sdk.decrypt(keyring, ciphertext)).plaintext).equals(plaintext)).toBe(true)
    await expectNoWorkers()
  })

  it('starts the worker at once for a message hinted large (expectedLength), whatever its real length, and stops it on failure', async () => {
    const eager = new SignatureHasher('sha384', false, 0)
    expect((eager as unknown as {worker?: Worker}).worker).toBeInstanceOf(Worker)
    eager.close()

    // The hint is wrong here (3 bytes): the worker hashes them, and the message is still one client-node reads.
    const {ciphertext} = await encryptBuffer(Buffer.from('abc'), {keyrings: [createTestKeyring()], expectedLength: 64 * MIB})
    expect((await decryptBuffer(ciphertext, {keyrings: [createTestKeyring()]})).plaintext.toString()).toBe('abc')
    const sdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
    const keyring = new RawAesKeyringNode({
      keyName: KEY_NAME, keyNamespace: KEY_NAMESPACE, unencryptedMasterKey: new Uint8Array(WRAPPING_KEY),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING, utf8Sorting: true,
    })
    expect(Buffer.from((await sdk.decrypt(keyring, ciphertext)).plaintext).toString()).toBe('abc')

    // The worker starts before the data key is made; a keyring that fails must not leave it behind.
    const failing: Keyring = {
      wrapDataKey: async () => {
        throw new Error('no data key today')
      },
      unwrapDataKey: async () => undefined,
    }
    await expect(encryptBuffer(Buffer.from('abc'), {keyrings: [failing], expectedLength: 64 * MIB})).rejects.toThrow('no data key today')
    await expectNoWorkers()
  })

  it('fails a large signed message whose signature or body was changed, and leaves no worker', async () => {
    const {ciphertext} = await encryptBuffer(randomPlaintext(6 * MIB), {keyrings: [createTestKeyring()], frameLength: MIB})
    for (const offset of [ciphertext.length - 1, ciphertext.length - 40, 200_000]) {
      const tampered = Buffer.from(ciphertext)
      tampered[offset] ^= 1
      await expect(decryptBuffer(tampered, {keyrings: [createTestKeyring()]})).rejects.toBeInstanceOf(IntegrityError)
    }
    await expectNoWorkers()
  })

  it('with an InputRing, hashes exactly the bytes consumed from the ring, in place, and never the rest', async () => {
    // 40 MiB through a 16 MiB ring: it wraps, and reading waits for hashing. The last 100 bytes are never consumed, as a footer.
    const input = randomPlaintext(40 * MIB + 100)
    const consumed = input.subarray(0, 40 * MIB)
    const theirs = createSign('sha384').update(consumed).sign(privateKey)
    for (const expected of [true, false]) {
      const ring = new InputRing()
      const verifier = new SignatureHasher('sha384', true, undefined, ring)
      expect(() => verifier.update(Buffer.from([1]))).toThrow(/consume from the ring/)
      for (let offset = 0; offset < input.length;) {
        const view = ring.reserve(700_001)
        const count = input.copy(view, 0, offset, offset + view.length)
        ring.wrote(count)
        const used = Math.max(0, Math.min(count, consumed.length - offset))
        if (used > 0) ring.consume(used)
        offset += count
      }
      expect(await verifier.verify(publicKey, expected ? theirs : createSign('sha384').update(input).sign(privateKey))).toBe(expected)
    }
    await expectNoWorkers()
  })

  it('without a hasher (unsigned suites), an InputRing frees what is consumed', () => {
    const ring = new InputRing()
    for (let i = 0; i < 100; i++) {
      const view = ring.reserve(1024 * 1024)
      ring.wrote(view.length)
      ring.consume(view.length)
    }
    expect(ring.reserve(1).length).toBe(1)
  })
})
