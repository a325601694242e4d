/**
 * The key-material contract: asymmetric and HMAC keys, rotation, multi-Region keys and imported
 * key material, checked through the real AWS SDK (kms-api.md §1.2–1.5). Run in process
 * (key-material.local.test.ts); written against `client(region)` only, so it can run over HTTP.
 */
import {
  CreateKeyCommand, DecryptCommand, DeriveSharedSecretCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand,
  GenerateDataKeyCommand, GenerateDataKeyPairCommand, GenerateDataKeyPairWithoutPlaintextCommand, GenerateMacCommand,
  GetPublicKeyCommand, KMSClient, ReEncryptCommand, SignCommand, VerifyCommand, VerifyMacCommand, type KeySpec, type KeyUsageType,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms'
import {constants, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, publicEncrypt, verify} from 'node:crypto'
import {beforeAll, describe, expect, it} from 'vitest'
import {expectAwsError} from '../helpers/expect-error.js'
import {describeImportContract} from './import-contract.js'
import {describeMultiRegionContract} from './multi-region-contract.js'
import {describeRotationContract} from './rotation-contract.js'

export interface ContractTarget {
  /** A client signed with valid credentials for the given Region (default us-east-1). */
  client(region?: string): KMSClient
}

const SIGNING: [KeySpec, SigningAlgorithmSpec[]][] = [
  ['RSA_2048', ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512']],
  ['ECC_NIST_P256', ['ECDSA_SHA_256']],
  ['ECC_NIST_P384', ['ECDSA_SHA_384']],
  ['ECC_NIST_P521', ['ECDSA_SHA_512']],
  ['ECC_SECG_P256K1', ['ECDSA_SHA_256']],
]

const hashOf = (algorithm: string) => `sha${/(256|384|512)$/.exec(algorithm)![1]}`

export function describeKeyMaterialContract(label: string, setup: () => Promise<ContractTarget> | ContractTarget): void {
  describe(`key-material contract (${label})`, () => {
    let kms: KMSClient
    let target: ContractTarget
    const newKey = async (KeySpec: KeySpec, KeyUsage: KeyUsageType) => (await kms.send(new CreateKeyCommand({KeySpec, KeyUsage}))).KeyMetadata!

    beforeAll(async () => {
      target = await setup()
      kms = target.client()
    })

    describe('asymmetric and HMAC keys', () => {
      it('allows only the usages AWS allows for each key spec (CreateKey: ValidationException otherwise)', async () => {
        for (const [spec, usage] of [['SYMMETRIC_DEFAULT', 'SIGN_VERIFY'], ['HMAC_256', 'ENCRYPT_DECRYPT'], ['RSA_2048', 'KEY_AGREEMENT'],
          ['ECC_NIST_P256', 'ENCRYPT_DECRYPT'], ['ECC_SECG_P256K1', 'KEY_AGREEMENT'], ['ECC_NIST_EDWARDS25519', 'KEY_AGREEMENT'],
          ['RSA_3072', 'GENERATE_VERIFY_MAC']] as const) {
          await expectAwsError(kms.send(new CreateKeyCommand({KeySpec: spec, KeyUsage: usage})), 'ValidationException', /not compatible/)
        }
      })

      it('describes each spec with the algorithm lists AWS returns and no CurrentKeyMaterialId', async () => {
        const rsa = await newKey('RSA_3072', 'ENCRYPT_DECRYPT')
        expect(rsa).toMatchObject({KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT', EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']})
        expect(rsa.CurrentKeyMaterialId).toBeUndefined()
        expect((await newKey('RSA_2048', 'SIGN_VERIFY')).SigningAlgorithms).toEqual(SIGNING[0][1])
        expect((await newKey('ECC_NIST_P384', 'SIGN_VERIFY')).SigningAlgorithms).toEqual(['ECDSA_SHA_384'])
        expect((await newKey('ECC_NIST_EDWARDS25519', 'SIGN_VERIFY')).SigningAlgorithms).toEqual(['ED25519_SHA_512', 'ED25519_PH_SHA_512'])
        expect((await newKey('ECC_NIST_P521', 'KEY_AGREEMENT')).KeyAgreementAlgorithms).toEqual(['ECDH'])
        const hmac = await newKey('HMAC_384', 'GENERATE_VERIFY_MAC')
        expect((await kms.send(new DescribeKeyCommand({KeyId: hmac.KeyId}))).KeyMetadata).toMatchObject({MacAlgorithms: ['HMAC_SHA_384']})
      })

      for (const [spec, algorithms] of SIGNING) {
        it(`signs with ${spec} (RAW and DIGEST) so that OpenSSL verifies with the public key, and Verify agrees`, async () => {
          const key = await newKey(spec, 'SIGN_VERIFY')
          const {PublicKey, KeySpec, SigningAlgorithms} = await kms.send(new GetPublicKeyCommand({KeyId: key.KeyId}))
          expect({KeySpec, SigningAlgorithms}).toEqual({KeySpec: spec, SigningAlgorithms: algorithms})
          const publicKey = createPublicKey({key: Buffer.from(PublicKey!), format: 'der', type: 'spki'})
          const message = Buffer.from(`message for ${spec}`)
          for (const SigningAlgorithm of algorithms) {
            const hash = hashOf(SigningAlgorithm)
            const pss = SigningAlgorithm.startsWith('RSASSA_PSS') ? {padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(hash.slice(3)) / 8} : {}
            for (const [MessageType, Message] of [['RAW', message], ['DIGEST', createHash(hash).update(message).digest()]] as const) {
              const {Signature} = await kms.send(new SignCommand({KeyId: key.KeyId, Message, MessageType, SigningAlgorithm}))
              expect(verify(hash, message, {key: publicKey, ...pss}, Buffer.from(Signature!)), `${SigningAlgorithm} ${MessageType}`).toBe(true)
              const ok = await kms.send(new VerifyCommand({KeyId: key.Arn, Message, MessageType, SigningAlgorithm, Signature}))
              expect(ok).toMatchObject({SignatureValid: true, SigningAlgorithm, KeyId: key.Arn})
              const bad = Buffer.from(Signature!)
              bad[bad.length - 5] ^= 1
              await expectAwsError(kms.send(new VerifyCommand({KeyId: key.KeyId, Message, MessageType, SigningAlgorithm, Signature: bad})), 'KMSInvalidSignatureException')
            }
          }
        })
      }

      it('signs with Ed25519: ED25519_SHA_512 over RAW only, ED25519_PH_SHA_512 over a SHA-512 DIGEST only', async () => {
        const key = await newKey('ECC_NIST_EDWARDS25519', 'SIGN_VERIFY')
        const publicKey = createPublicKey({key: Buffer.from((await kms.send(new GetPublicKeyCommand({KeyId: key.KeyId}))).PublicKey!), format: 'der', type: 'spki'})
        const Message = Buffer.from('pure ed25519')
        const {Signature} = await kms.send(new SignCommand({KeyId: key.KeyId, Message, SigningAlgorithm: 'ED25519_SHA_512'}))
        expect(verify(null, Message, publicKey, Buffer.from(Signature!))).toBe(true)
        const digest = createHash('sha512').update(Message).digest()
        const ph = await kms.send(new SignCommand({KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512'}))
        expect((await kms.send(new VerifyCommand({KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512', Signature: ph.Signature}))).SignatureValid).toBe(true)
        await expectAwsError(kms.send(new SignCommand({KeyId: key.KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512'})), 'ValidationException')
        await expectAwsError(kms.send(new SignCommand({KeyId: key.KeyId, Message, MessageType: 'RAW', SigningAlgorithm: 'ED25519_PH_SHA_512'})), 'ValidationException')
      })

      it('refuses a wrong algorithm, a wrong digest length and the wrong key usage', async () => {
        const key = await newKey('ECC_NIST_P256', 'SIGN_VERIFY')
        await expectAwsError(kms.send(new SignCommand({KeyId: key.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_384'})), 'InvalidKeyUsageException')
        await expectAwsError(kms.send(new SignCommand({KeyId: key.KeyId, Message: Buffer.alloc(31), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256'})), 'ValidationException')
        await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('m')})), 'InvalidKeyUsageException')
        const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
        await expectAwsError(kms.send(new SignCommand({KeyId: symmetric.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256'})), 'InvalidKeyUsageException')
        await expectAwsError(kms.send(new GetPublicKeyCommand({KeyId: symmetric.KeyId})), 'UnsupportedOperationException')
        await kms.send(new DisableKeyCommand({KeyId: key.KeyId}))
        await expectAwsError(kms.send(new SignCommand({KeyId: key.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256'})), 'DisabledException')
      })

      it('encrypts with RSAES-OAEP that the private key opens, decrypts and re-encrypts OAEP made offline, and caps plaintext at k − 2·hLen − 2 bytes', async () => {
        const key = await newKey('RSA_2048', 'ENCRYPT_DECRYPT')
        const publicKey = createPublicKey({key: Buffer.from((await kms.send(new GetPublicKeyCommand({KeyId: key.KeyId}))).PublicKey!), format: 'der', type: 'spki'})
        for (const [EncryptionAlgorithm, oaepHash, max] of [['RSAES_OAEP_SHA_1', 'sha1', 214], ['RSAES_OAEP_SHA_256', 'sha256', 190]] as const) {
          const offline = publicEncrypt({key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash}, Buffer.from('made offline'))
          const out = await kms.send(new DecryptCommand({KeyId: key.KeyId, CiphertextBlob: offline, EncryptionAlgorithm}))
          expect(Buffer.from(out.Plaintext!).toString()).toBe('made offline')
          expect(out.EncryptionAlgorithm).toBe(EncryptionAlgorithm)
          const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.alloc(max, 7), EncryptionAlgorithm}))
          expect(CiphertextBlob).toHaveLength(256)
          expect(Buffer.from((await kms.send(new DecryptCommand({KeyId: key.KeyId, CiphertextBlob, EncryptionAlgorithm}))).Plaintext!)).toEqual(Buffer.alloc(max, 7))
          await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.alloc(max + 1), EncryptionAlgorithm})), 'ValidationException')
        }
        await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('x')})), 'InvalidKeyUsageException')
        const symmetric = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
        const offline = publicEncrypt({key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256'}, Buffer.from('move me'))
        const moved = await kms.send(new ReEncryptCommand({CiphertextBlob: offline, SourceKeyId: key.KeyId, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
          DestinationKeyId: symmetric.KeyId}))
        expect(moved).toMatchObject({SourceKeyId: key.Arn, KeyId: symmetric.Arn, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256'})
        expect(Buffer.from((await kms.send(new DecryptCommand({CiphertextBlob: moved.CiphertextBlob}))).Plaintext!).toString()).toBe('move me')
        const wrongHash = publicEncrypt({key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1'}, Buffer.from('x'))
        await expectAwsError(kms.send(new DecryptCommand({KeyId: key.KeyId, CiphertextBlob: wrongHash, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'})), 'InvalidCiphertextException')
        await expectAwsError(kms.send(new DecryptCommand({CiphertextBlob: wrongHash, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1'})), 'InvalidKeyUsageException')
      })

      it('generates and verifies HMACs with the key\'s MAC algorithm; a wrong MAC is KMSInvalidMacException', async () => {
        for (const spec of ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] as const) {
          const key = await newKey(spec, 'GENERATE_VERIFY_MAC')
          const MacAlgorithm = `HMAC_SHA_${spec.slice(5)}` as const
          const Message = Buffer.from('mac me')
          const {Mac} = await kms.send(new GenerateMacCommand({KeyId: key.KeyId, Message, MacAlgorithm}))
          expect(Mac).toHaveLength(Number(spec.slice(5)) / 8)
          expect((await kms.send(new VerifyMacCommand({KeyId: key.KeyId, Message, MacAlgorithm, Mac}))).MacValid).toBe(true)
          const bad = Buffer.from(Mac!)
          bad[0] ^= 1
          await expectAwsError(kms.send(new VerifyMacCommand({KeyId: key.KeyId, Message, MacAlgorithm, Mac: bad})), 'KMSInvalidMacException')
          await expectAwsError(kms.send(new VerifyMacCommand({KeyId: key.KeyId, Message: Buffer.from('other'), MacAlgorithm, Mac})), 'KMSInvalidMacException')
          const other = MacAlgorithm === 'HMAC_SHA_256' ? 'HMAC_SHA_512' : 'HMAC_SHA_256'
          await expectAwsError(kms.send(new GenerateMacCommand({KeyId: key.KeyId, Message, MacAlgorithm: other})), 'InvalidKeyUsageException')
        }
      })

      it('generates data key pairs whose private key decrypts under the symmetric key and matches the public key', async () => {
        const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
        for (const KeyPairSpec of ['RSA_2048', 'ECC_NIST_P256', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'] as const) {
          const pair = await kms.send(new GenerateDataKeyPairCommand({KeyId: key.KeyId, KeyPairSpec, EncryptionContext: {p: '1'}}))
          expect(pair).toMatchObject({KeyId: key.Arn, KeyPairSpec})
          const opened = await kms.send(new DecryptCommand({CiphertextBlob: pair.PrivateKeyCiphertextBlob, EncryptionContext: {p: '1'}}))
          expect(Buffer.from(opened.Plaintext!)).toEqual(Buffer.from(pair.PrivateKeyPlaintext!))
          const derived = createPublicKey(createPrivateKey({key: Buffer.from(pair.PrivateKeyPlaintext!), format: 'der', type: 'pkcs8'}))
          expect(derived.export({format: 'der', type: 'spki'})).toEqual(Buffer.from(pair.PublicKey!))
        }
        const without = await kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({KeyId: key.KeyId, KeyPairSpec: 'ECC_NIST_P384'}))
        expect(without.PrivateKeyPlaintext).toBeUndefined()
        expect(without.PublicKey!.length).toBeGreaterThan(0)
        const rsa = await newKey('RSA_2048', 'ENCRYPT_DECRYPT')
        await expectAwsError(kms.send(new GenerateDataKeyPairCommand({KeyId: rsa.KeyId, KeyPairSpec: 'ECC_NIST_P256'})), 'InvalidKeyUsageException')
        await expectAwsError(kms.send(new GenerateDataKeyCommand({KeyId: rsa.KeyId, KeySpec: 'AES_256'})), 'InvalidKeyUsageException')
      })

      it('derives the ECDH shared secret a peer derives with the key\'s public key (DeriveSharedSecret)', async () => {
        for (const [spec, curve] of [['ECC_NIST_P256', 'prime256v1'], ['ECC_NIST_P521', 'secp521r1']] as const) {
          const key = await newKey(spec, 'KEY_AGREEMENT')
          const ours = createPublicKey({key: Buffer.from((await kms.send(new GetPublicKeyCommand({KeyId: key.KeyId}))).PublicKey!), format: 'der', type: 'spki'})
          const peer = generateKeyPairSync('ec', {namedCurve: curve})
          const out = await kms.send(new DeriveSharedSecretCommand({KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH',
            PublicKey: peer.publicKey.export({format: 'der', type: 'spki'})}))
          expect(Buffer.from(out.SharedSecret!)).toEqual(diffieHellman({privateKey: peer.privateKey, publicKey: ours}))
          expect(out).toMatchObject({KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS'})
        }
        const key = await newKey('ECC_NIST_P256', 'KEY_AGREEMENT')
        const wrongCurve = generateKeyPairSync('ec', {namedCurve: 'secp384r1'}).publicKey.export({format: 'der', type: 'spki'})
        await expectAwsError(kms.send(new DeriveSharedSecretCommand({KeyId: key.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: wrongCurve})), 'ValidationException')
        const signing = await newKey('ECC_NIST_P256', 'SIGN_VERIFY')
        await expectAwsError(kms.send(new DeriveSharedSecretCommand({KeyId: signing.KeyId, KeyAgreementAlgorithm: 'ECDH',
          PublicKey: generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).publicKey.export({format: 'der', type: 'spki'})})), 'InvalidKeyUsageException')
      })
    })

    describeRotationContract(() => target)
    describeMultiRegionContract(() => target)
    describeImportContract(() => target)
  })
}
