/** Multi-Region keys through the SDK: replicas share key ID and material across Regions (kms-api.md §1.5). */
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, GetPublicKeyCommand, KMSClient,
  ListResourceTagsCommand, ReplicateKeyCommand, RotateKeyOnDemandCommand, ScheduleKeyDeletionCommand, SignCommand,
  CancelKeyDeletionCommand, UpdatePrimaryRegionCommand, VerifyCommand,
} from '@aws-sdk/client-kms'
import {beforeAll, describe, expect, it} from 'vitest'
import {expectAwsError} from '../helpers/expect-error.js'

export function describeMultiRegionContract(target: () => {client(region?: string): KMSClient}): void {
  describe('multi-Region keys', () => {
    let east: KMSClient
    let west: KMSClient
    beforeAll(() => {
      east = target().client('us-east-1')
      west = target().client('eu-west-1')
    })
    const newPrimary = async () => (await east.send(new CreateKeyCommand({MultiRegion: true, Description: 'primary'}))).KeyMetadata!

    it('creates a primary with an mrk- key ID and a MultiRegionConfiguration without replicas', async () => {
      const key = await newPrimary()
      expect(key.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/)
      expect(key).toMatchObject({MultiRegion: true, MultiRegionConfiguration: {MultiRegionKeyType: 'PRIMARY',
        PrimaryKey: {Arn: key.Arn, Region: 'us-east-1'}, ReplicaKeys: []}})
    })

    it('replicates with the same key ID and its own description and tags; a ciphertext from one Region decrypts in the other', async () => {
      const key = await newPrimary()
      const replica = await east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-west-1', Description: 'replica',
        Tags: [{TagKey: 'site', TagValue: 'dublin'}]}))
      const westArn = key.Arn!.replace('us-east-1', 'eu-west-1')
      expect(replica.ReplicaKeyMetadata).toMatchObject({KeyId: key.KeyId, Arn: westArn, Description: 'replica', KeyState: 'Enabled',
        MultiRegionConfiguration: {MultiRegionKeyType: 'REPLICA', PrimaryKey: {Arn: key.Arn, Region: 'us-east-1'}}})
      expect(replica.ReplicaTags).toEqual([{TagKey: 'site', TagValue: 'dublin'}])
      expect((await east.send(new ListResourceTagsCommand({KeyId: key.KeyId}))).Tags).toEqual([])
      expect((await east.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.MultiRegionConfiguration!.ReplicaKeys)
        .toEqual([{Arn: westArn, Region: 'eu-west-1'}])
      const {CiphertextBlob} = await east.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('across'), EncryptionContext: {r: '1'}}))
      const out = await west.send(new DecryptCommand({CiphertextBlob, EncryptionContext: {r: '1'}}))
      expect(Buffer.from(out.Plaintext!).toString()).toBe('across')
      expect(out.KeyId).toBe(westArn)
      const dataKey = await west.send(new GenerateDataKeyCommand({KeyId: westArn, KeySpec: 'AES_256'}))
      expect((await east.send(new DecryptCommand({CiphertextBlob: dataKey.CiphertextBlob}))).Plaintext).toEqual(dataKey.Plaintext)
    })

    it('shares rotations: after RotateKeyOnDemand on the primary the replica has the same current material', async () => {
      const key = await newPrimary()
      await east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-west-1'}))
      await east.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId}))
      const primary = (await east.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!
      const replica = (await west.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!
      expect(replica.CurrentKeyMaterialId).toBe(primary.CurrentKeyMaterialId)
      expect(primary.CurrentKeyMaterialId).not.toBe(key.CurrentKeyMaterialId)
      await expectAwsError(west.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId})), 'UnsupportedOperationException')
    })

    it('replicates asymmetric keys: a signature made in one Region verifies in the other with the same public key', async () => {
      const key = (await east.send(new CreateKeyCommand({MultiRegion: true, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY'}))).KeyMetadata!
      await east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-west-1'}))
      const Message = Buffer.from('signed in the east')
      const {Signature} = await east.send(new SignCommand({KeyId: key.KeyId, Message, SigningAlgorithm: 'ECDSA_SHA_256'}))
      expect((await west.send(new VerifyCommand({KeyId: key.KeyId, Message, Signature, SigningAlgorithm: 'ECDSA_SHA_256'}))).SignatureValid).toBe(true)
      expect((await west.send(new GetPublicKeyCommand({KeyId: key.KeyId}))).PublicKey).toEqual((await east.send(new GetPublicKeyCommand({KeyId: key.KeyId}))).PublicKey)
    })

    it('refuses to replicate a single-Region key, a replica, or into a Region that has the key (AlreadyExistsException)', async () => {
      const single = (await east.send(new CreateKeyCommand({}))).KeyMetadata!
      await expectAwsError(east.send(new ReplicateKeyCommand({KeyId: single.KeyId, ReplicaRegion: 'eu-west-1'})), 'UnsupportedOperationException')
      const key = await newPrimary()
      await east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-west-1'}))
      await expectAwsError(east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-west-1'})), 'AlreadyExistsException')
      await expectAwsError(west.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'ap-south-1'})), 'UnsupportedOperationException')
      await expectAwsError(east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'not a region'})), 'ValidationException')
      // A replica in a Region AWS does not have could never be reached or deleted.
      await expectAwsError(east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-wset-1'})), 'ValidationException')
      // Nor across partitions (aws to aws-cn).
      await expectAwsError(east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'cn-north-1'})), 'ValidationException', /another partition/)
    })

    it('moves the primary to a replica\'s Region with UpdatePrimaryRegion', async () => {
      const key = await newPrimary()
      await expectAwsError(east.send(new UpdatePrimaryRegionCommand({KeyId: key.KeyId, PrimaryRegion: 'eu-west-1'})), 'NotFoundException')
      await east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-west-1'}))
      await east.send(new UpdatePrimaryRegionCommand({KeyId: key.KeyId, PrimaryRegion: 'eu-west-1'}))
      expect((await west.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.MultiRegionConfiguration)
        .toMatchObject({MultiRegionKeyType: 'PRIMARY', PrimaryKey: {Region: 'eu-west-1'}, ReplicaKeys: [{Region: 'us-east-1'}]})
      expect((await east.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.MultiRegionConfiguration!.MultiRegionKeyType).toBe('REPLICA')
      await west.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId}))
    })

    it('puts a primary with replicas in PendingReplicaDeletion, which CancelKeyDeletion reverts', async () => {
      const key = await newPrimary()
      await east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-west-1'}))
      const scheduled = await east.send(new ScheduleKeyDeletionCommand({KeyId: key.KeyId, PendingWindowInDays: 7}))
      expect(scheduled).toMatchObject({KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 7})
      expect((await east.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata).toMatchObject({KeyState: 'PendingReplicaDeletion', PendingDeletionWindowInDays: 7})
      await expectAwsError(east.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('x')})), 'KMSInvalidStateException')
      await east.send(new CancelKeyDeletionCommand({KeyId: key.KeyId}))
      expect((await east.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.KeyState).toBe('Disabled')
    })
  })
}
