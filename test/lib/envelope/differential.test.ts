import {AlgorithmSuiteIdentifier, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, buildClient} from '@aws-crypto/client-node'
import {describe, expect, it} from 'vitest'
import {decryptBuffer, encryptBuffer, type AlgorithmSuiteId} from '../../../src/lib/envelope/index.js'
import {KEY_NAME, KEY_NAMESPACE, WRAPPING_KEY, createTestKeyring, randomPlaintext} from './fixtures.js'

const sdk = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
const sdkKeyring = new RawAesKeyringNode({
  keyName: KEY_NAME,
  keyNamespace: KEY_NAMESPACE,
  unencryptedMasterKey: new Uint8Array(WRAPPING_KEY),
  wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  utf8Sorting: true,
})
const context = {purpose: 'differential', Zeta: 'upper', 'é-key': 'non-ascii', a: ''}
const SIZES = [0, 1, 4095, 4096, 4097, 100_000]

describe('@aws-crypto/client-node 5.0.2 reads what we write', () => {
  for (const suite of [0x0578, 0x0478] as AlgorithmSuiteId[]) {
    for (const size of SIZES) {
      it(`decrypts our ${size}-byte message with suite 0x0${suite.toString(16)} and our context (FORMAT.md §Interoperability)`, async () => {
        const plaintext = randomPlaintext(size)
        const {ciphertext} = await encryptBuffer(plaintext, {keyrings: [createTestKeyring()], algorithmSuiteId: suite, frameLength: 4096, encryptionContext: context})
        const result = await sdk.decrypt(sdkKeyring, ciphertext)
        expect(Buffer.from(result.plaintext).equals(plaintext)).toBe(true)
        expect(result.messageHeader.encryptionContext).toMatchObject(context)
      })
    }
  }
})

describe('we read what @aws-crypto/client-node 5.0.2 writes', () => {
  const suites = [
    AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
    AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
  ]
  for (const suiteId of suites) {
    for (const size of SIZES) {
      it(`decrypts its ${size}-byte message with suite 0x0${suiteId.toString(16)} (FORMAT.md §Interoperability)`, async () => {
        const plaintext = randomPlaintext(size)
        const {result} = await sdk.encrypt(sdkKeyring, plaintext, {suiteId, frameLength: 4096, encryptionContext: context})
        const {plaintext: decrypted, info} = await decryptBuffer(result, {keyrings: [createTestKeyring()]})
        expect(decrypted.equals(plaintext)).toBe(true)
        expect(info.EncryptionContext).toMatchObject(context)
      })
    }
  }
})
