import {describe, expect, it} from 'vitest'
import {IntegrityError, UsageError} from '../../../src/lib/errors.js'
import {decryptBuffer} from '../../../src/lib/envelope/index.js'
import {createVectorKeyrings, loadVectorSet} from './vector-sets.js'

describe('official ESDK-NET 4.0.0 vectors (required encryption context)', () => {
  const set = loadVectorSet('valid-Net-4.0.0.zip')

  it('has the five tests the README lists', () => {
    expect(set.tests.map((test) => test.id.slice(0, 4)).sort()).toEqual(['0014', '0046', '0078', '0478', '0578'])
  })

  for (const test of set.tests) {
    it(`decrypts ${test.id.slice(0, 4)} with the reproduced context as required pairs (FORMAT.md §Required encryption context)`, async () => {
      const {plaintext} = await decryptBuffer(test.ciphertext, {
        keyrings: createVectorKeyrings(set, test.masterKeys),
        encryptionContext: test.encryptionContext,
        commitmentPolicy: 'require-encrypt-allow-decrypt',
      })
      expect(plaintext.equals(test.plaintext!)).toBe(true)
    })
  }

  it('fails a required-context vector when the reproduced context is missing (FORMAT.md §Required encryption context)', async () => {
    const test = set.tests.find((t) => t.id.startsWith('0478'))!
    await expect(decryptBuffer(test.ciphertext, {keyrings: createVectorKeyrings(set, test.masterKeys)})).rejects.toBeInstanceOf(IntegrityError)
  })

  it('fails a required-context vector when a reproduced value differs (FORMAT.md §Required encryption context)', async () => {
    const test = set.tests.find((t) => t.id.startsWith('0578'))!
    const encryptionContext = {...test.encryptionContext, key2: 'other'}
    await expect(decryptBuffer(test.ciphertext, {keyrings: createVectorKeyrings(set, test.masterKeys), encryptionContext})).rejects.toBeInstanceOf(IntegrityError)
  })
})

describe('vectors generated with @aws-crypto/client-node 5.0.2', () => {
  const set = loadVectorSet('generated-client-node-5.0.2.zip')

  it('has 13 positive and 8 negative tests', () => {
    expect(set.tests.filter((t) => t.plaintext).length).toBe(13)
    expect(set.tests.filter((t) => t.error).length).toBe(8)
  })

  for (const test of set.tests) {
    const legacy = /^0[0-3]/.test(test.id)
    const policy = legacy ? 'require-encrypt-allow-decrypt' : 'require-encrypt-require-decrypt'
    const decrypt = () => decryptBuffer(test.ciphertext, {keyrings: createVectorKeyrings(set, test.masterKeys), commitmentPolicy: policy})
    if (test.id === '0478-rsa-pkcs1') {
      it('reports RSA PKCS#1 v1.5 as unsupported on Node 20, as a usage error (FORMAT.md §Raw RSA keyring)', async () => {
        const error = await decrypt().catch((e) => e)
        expect(error).toBeInstanceOf(UsageError)
        expect(error.message).toMatch(/PKCS#1 v1\.5.*not supported/)
      })
    } else if (test.plaintext) {
      it(`decrypts ${test.id} to the expected plaintext (FORMAT.md §Decrypt)`, async () => {
        const {plaintext} = await decrypt()
        expect(plaintext.equals(test.plaintext!)).toBe(true)
      })
    } else {
      it(`fails ${test.id} with the integrity error: ${test.error} (FORMAT.md §Decrypt)`, async () => {
        await expect(decrypt()).rejects.toBeInstanceOf(IntegrityError)
      })
    }
  }

  it('refuses the legacy non-committing vectors under the default commitment policy (FORMAT.md §Commitment policy)', async () => {
    for (const id of ['0014-small-ec', '0178-small-ec', '0378-small-ec']) {
      const test = set.tests.find((t) => t.id === id)!
      const error = await decryptBuffer(test.ciphertext, {keyrings: createVectorKeyrings(set, test.masterKeys)}).catch((e) => e)
      expect(error).toBeInstanceOf(IntegrityError)
      expect(error.hints.join(' ')).toMatch(/require-encrypt-allow-decrypt/)
    }
  })
})
