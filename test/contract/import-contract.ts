/**
 * Imported key material through the SDK (kms-api.md §1.4), with the material wrapped by the OpenSSL
 * commands of the AWS KMS Developer Guide ("Encrypt key material": RSAES_OAEP_SHA_256, and
 * RSA_AES_KEY_WRAP_SHA_256 with `openssl enc -id-aes256-wrap-pad` and `pkeyutl`).
 */
import {
  CreateKeyCommand, DecryptCommand, DeleteImportedKeyMaterialCommand, DescribeKeyCommand, EncryptCommand, GenerateMacCommand,
  GetParametersForImportCommand, GetPublicKeyCommand, ImportKeyMaterialCommand, KMSClient, ListKeyRotationsCommand, ReplicateKeyCommand,
  RotateKeyOnDemandCommand, SignCommand, type AlgorithmSpec, type KeySpec, type KeyUsageType,
} from '@aws-sdk/client-kms'
import {createHmac, createPublicKey, generateKeyPairSync, randomBytes, verify} from 'node:crypto'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {expectAwsError} from '../helpers/expect-error.js'
import {openssl} from './openssl.js'

export function describeImportContract(target: () => {client(region?: string): KMSClient}): void {
  describe('imported key material', () => {
    let kms: KMSClient
    let dir: string
    beforeAll(() => {
      kms = target().client()
      dir = mkdtempSync(join(tmpdir(), 'kms-import-'))
    })
    afterAll(() => rmSync(dir, {recursive: true, force: true}))
    const file = (name: string) => join(dir, name)
    const external = async (KeySpec: KeySpec = 'SYMMETRIC_DEFAULT', KeyUsage: KeyUsageType = 'ENCRYPT_DECRYPT', MultiRegion?: boolean) =>
      (await kms.send(new CreateKeyCommand({Origin: 'EXTERNAL', KeySpec, KeyUsage, MultiRegion}))).KeyMetadata!

    /** GetParametersForImport, then the developer guide's OpenSSL commands; returns what ImportKeyMaterial needs. */
    async function wrapWithOpenssl(client: KMSClient, KeyId: string, material: Buffer, WrappingAlgorithm: AlgorithmSpec) {
      const params = await client.send(new GetParametersForImportCommand({KeyId, WrappingAlgorithm, WrappingKeySpec: 'RSA_3072'}))
      writeFileSync(file('PublicKey.bin'), params.PublicKey!)
      writeFileSync(file('PlaintextKeyMaterial.bin'), material)
      const oaep = ['-keyform', 'DER', '-pubin', '-inkey', file('PublicKey.bin'), '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256',
        '-pkeyopt', 'rsa_mgf1_md:sha256']
      if (WrappingAlgorithm === 'RSAES_OAEP_SHA_256') {
        openssl(['pkeyutl', '-encrypt', '-in', file('PlaintextKeyMaterial.bin'), '-out', file('EncryptedKeyMaterial.bin'), ...oaep])
      } else {
        openssl(['rand', '-out', file('aes-key.bin'), '32'])
        openssl(['enc', '-id-aes256-wrap-pad', '-K', readFileSync(file('aes-key.bin')).toString('hex'), '-iv', 'A65959A6',
          '-in', file('PlaintextKeyMaterial.bin'), '-out', file('key-material-wrapped.bin')])
        openssl(['pkeyutl', '-encrypt', '-in', file('aes-key.bin'), '-out', file('aes-key-wrapped.bin'), ...oaep])
        writeFileSync(file('EncryptedKeyMaterial.bin'), Buffer.concat([readFileSync(file('aes-key-wrapped.bin')), readFileSync(file('key-material-wrapped.bin'))]))
      }
      expect(params.ParametersValidTo!.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000)
      return {KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: readFileSync(file('EncryptedKeyMaterial.bin'))}
    }

    it('creates EXTERNAL keys in PendingImport, and imports OpenSSL-wrapped material (RSAES_OAEP_SHA_256) that makes the key usable', async () => {
      const key = await external()
      expect(key).toMatchObject({Origin: 'EXTERNAL', KeyState: 'PendingImport', Enabled: false})
      await expectAwsError(kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('x')})), 'KMSInvalidStateException', /pending import/)
      const material = randomBytes(32)
      const imported = await kms.send(new ImportKeyMaterialCommand({...await wrapWithOpenssl(kms, key.KeyId!, material, 'RSAES_OAEP_SHA_256'),
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE'}))
      expect(imported.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
      const described = (await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!
      expect(described).toMatchObject({KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', CurrentKeyMaterialId: imported.KeyMaterialId})
      const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('byok')}))
      expect(Buffer.from((await kms.send(new DecryptCommand({CiphertextBlob}))).Plaintext!).toString()).toBe('byok')
    })

    it('imports HMAC material wrapped with RSA_AES_KEY_WRAP_SHA_256, so KMS computes the same HMAC as the material', async () => {
      const key = await external('HMAC_256', 'GENERATE_VERIFY_MAC')
      const material = randomBytes(32)
      await kms.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(kms, key.KeyId!, material, 'RSA_AES_KEY_WRAP_SHA_256')))
      const {Mac} = await kms.send(new GenerateMacCommand({KeyId: key.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256'}))
      expect(Buffer.from(Mac!)).toEqual(createHmac('sha256', material).update('m').digest())
    })

    it('imports an ECC private key (PKCS #8 DER) with RSA_AES_KEY_WRAP; its signatures verify with the original public key', async () => {
      const key = await external('ECC_NIST_P384', 'SIGN_VERIFY')
      const pair = generateKeyPairSync('ec', {namedCurve: 'secp384r1'})
      await kms.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(kms, key.KeyId!, pair.privateKey.export({format: 'der', type: 'pkcs8'}), 'RSA_AES_KEY_WRAP_SHA_256')))
      const publicKey = createPublicKey({key: Buffer.from((await kms.send(new GetPublicKeyCommand({KeyId: key.KeyId}))).PublicKey!), format: 'der', type: 'spki'})
      expect(publicKey.export({format: 'der', type: 'spki'})).toEqual(pair.publicKey.export({format: 'der', type: 'spki'}))
      const {Signature} = await kms.send(new SignCommand({KeyId: key.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_384'}))
      expect(verify('sha384', Buffer.from('m'), pair.publicKey, Buffer.from(Signature!))).toBe(true)
      const other = generateKeyPairSync('ec', {namedCurve: 'prime256v1'}).privateKey.export({format: 'der', type: 'pkcs8'})
      const wrongSpec = await external('ECC_NIST_P384', 'SIGN_VERIFY')
      await expectAwsError(kms.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(kms, wrongSpec.KeyId!, other, 'RSA_AES_KEY_WRAP_SHA_256'))), 'IncorrectKeyMaterialException')
    })

    it('accepts only the same material again after DeleteImportedKeyMaterial (IncorrectKeyMaterialException otherwise)', async () => {
      const key = await external()
      const material = randomBytes(32)
      await kms.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(kms, key.KeyId!, Buffer.from(material), 'RSAES_OAEP_SHA_256')))
      const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('kept')}))
      const deleted = await kms.send(new DeleteImportedKeyMaterialCommand({KeyId: key.KeyId}))
      expect(deleted.KeyId).toBe(key.Arn)
      expect((await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.KeyState).toBe('PendingImport')
      await expectAwsError(kms.send(new DecryptCommand({CiphertextBlob})), 'KMSInvalidStateException')
      await expectAwsError(kms.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(kms, key.KeyId!, randomBytes(32), 'RSAES_OAEP_SHA_256'))),
        'IncorrectKeyMaterialException')
      await kms.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(kms, key.KeyId!, material, 'RSA_AES_KEY_WRAP_SHA_256')))
      expect(Buffer.from((await kms.send(new DecryptCommand({CiphertextBlob}))).Plaintext!).toString()).toBe('kept')
    })

    it('checks the import token (InvalidImportTokenException), the expiration model and ValidTo (ValidationException)', async () => {
      const [a, b] = [await external(), await external()]
      const wrapped = await wrapWithOpenssl(kms, a.KeyId!, randomBytes(32), 'RSAES_OAEP_SHA_256')
      await expectAwsError(kms.send(new ImportKeyMaterialCommand({...wrapped, KeyId: b.KeyId})), 'InvalidImportTokenException')
      await expectAwsError(kms.send(new ImportKeyMaterialCommand({...wrapped, ImportToken: randomBytes(64)})), 'InvalidImportTokenException')
      await expectAwsError(kms.send(new ImportKeyMaterialCommand({...wrapped, ExpirationModel: 'KEY_MATERIAL_EXPIRES'})), 'ValidationException')
      await expectAwsError(kms.send(new ImportKeyMaterialCommand({...wrapped, ValidTo: new Date(Date.now() + 400 * 86_400_000)})), 'ValidationException')
      await expectAwsError(kms.send(new ImportKeyMaterialCommand({...wrapped, EncryptedKeyMaterial: randomBytes(384)})), 'InvalidCiphertextException')
      const validTo = new Date(Math.floor(Date.now() / 1000 + 30 * 86_400) * 1000)
      await kms.send(new ImportKeyMaterialCommand({...wrapped, ValidTo: validTo}))
      expect((await kms.send(new DescribeKeyCommand({KeyId: a.KeyId}))).KeyMetadata).toMatchObject({ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo})
    })

    it('refuses import parameters for AWS_KMS keys, and RSAES_OAEP wrapping of RSA private keys', async () => {
      const normal = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
      await expectAwsError(kms.send(new GetParametersForImportCommand({KeyId: normal.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048'})),
        'UnsupportedOperationException')
      const rsa = await external('RSA_2048', 'SIGN_VERIFY')
      await expectAwsError(kms.send(new GetParametersForImportCommand({KeyId: rsa.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096'})),
        'ValidationException')
      await expectAwsError(kms.send(new GetParametersForImportCommand({KeyId: rsa.KeyId, WrappingAlgorithm: 'RSAES_PKCS1_V1_5', WrappingKeySpec: 'RSA_4096'})),
        'ValidationException')
    })

    it('rotates a symmetric imported key on demand to NEW_KEY_MATERIAL imported beforehand, keeping old ciphertexts', async () => {
      const key = await external()
      const first = await kms.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(kms, key.KeyId!, randomBytes(32), 'RSAES_OAEP_SHA_256')))
      const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('first')}))
      await expectAwsError(kms.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId})), 'ValidationException')
      const wrapped = await wrapWithOpenssl(kms, key.KeyId!, randomBytes(32), 'RSAES_OAEP_SHA_256')
      await expectAwsError(kms.send(new ImportKeyMaterialCommand(wrapped)), 'IncorrectKeyMaterialException')
      const second = await kms.send(new ImportKeyMaterialCommand({...wrapped, ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second'}))
      const pending = await kms.send(new ListKeyRotationsCommand({KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL'}))
      expect(pending.Rotations!.map(r => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState])).toEqual([
        [first.KeyMaterialId, 'CURRENT', 'IMPORTED'], [second.KeyMaterialId, 'PENDING_ROTATION', 'IMPORTED']])
      await kms.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId}))
      expect((await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.CurrentKeyMaterialId).toBe(second.KeyMaterialId)
      expect(Buffer.from((await kms.send(new DecryptCommand({CiphertextBlob}))).Plaintext!).toString()).toBe('first')
    })

    it('imports the primary\'s material into a multi-Region replica, which then decrypts the primary\'s ciphertexts', async () => {
      const key = await external('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', true)
      const replicaRegion = 'eu-central-1'
      const replica = target().client(replicaRegion)
      await kms.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: replicaRegion}))
      expect((await replica.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.KeyState).toBe('PendingImport')
      const material = randomBytes(32)
      await kms.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(kms, key.KeyId!, Buffer.from(material), 'RSAES_OAEP_SHA_256')))
      const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('mrk byok')}))
      await expectAwsError(replica.send(new DecryptCommand({CiphertextBlob})), 'KMSInvalidStateException')
      await replica.send(new ImportKeyMaterialCommand(await wrapWithOpenssl(replica, key.KeyId!, material, 'RSAES_OAEP_SHA_256')))
      expect(Buffer.from((await replica.send(new DecryptCommand({CiphertextBlob}))).Plaintext!).toString()).toBe('mrk byok')
    })
  })
}
