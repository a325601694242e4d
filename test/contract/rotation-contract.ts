/** Rotation through the SDK: on-demand rotation, the 25-rotation limit, schedules, history (kms-api.md §1.3). */
import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, DisableKeyRotationCommand, EnableKeyCommand,
  EnableKeyRotationCommand, EncryptCommand, GetKeyRotationStatusCommand, KMSClient, ListKeyRotationsCommand, RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms'
import {beforeAll, describe, expect, it} from 'vitest'
import {expectAwsError} from '../helpers/expect-error.js'

export function describeRotationContract(target: () => {client(region?: string): KMSClient}): void {
  describe('rotation', () => {
    let kms: KMSClient
    beforeAll(() => {
      kms = target().client()
    })
    const newKey = async () => (await kms.send(new CreateKeyCommand({}))).KeyMetadata!

    it('rotates on demand to new material; earlier ciphertexts still decrypt and new ones use the current material', async () => {
      const key = await newKey()
      const before = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('before')}))
      expect(await kms.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId}))).toMatchObject({KeyId: key.KeyId})
      const described = (await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!
      expect(described.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/)
      expect(described.CurrentKeyMaterialId).not.toBe(key.CurrentKeyMaterialId)
      const old = await kms.send(new DecryptCommand({CiphertextBlob: before.CiphertextBlob}))
      expect(Buffer.from(old.Plaintext!).toString()).toBe('before')
      expect(old.KeyMaterialId).toBe(key.CurrentKeyMaterialId)
      const after = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('after')}))
      expect((await kms.send(new DecryptCommand({CiphertextBlob: after.CiphertextBlob}))).KeyMaterialId).toBe(described.CurrentKeyMaterialId)
      const {Rotations} = await kms.send(new ListKeyRotationsCommand({KeyId: key.KeyId}))
      expect(Rotations).toHaveLength(1)
      expect(Rotations![0]).toMatchObject({KeyId: key.KeyId, KeyMaterialId: described.CurrentKeyMaterialId, RotationType: 'ON_DEMAND', KeyMaterialState: 'CURRENT'})
      expect(Rotations![0].RotationDate).toBeInstanceOf(Date)
      const all = await kms.send(new ListKeyRotationsCommand({KeyId: key.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL'}))
      expect(all.Rotations!.map(r => [r.KeyMaterialId, r.KeyMaterialState])).toEqual([[key.CurrentKeyMaterialId, 'NON_CURRENT'], [described.CurrentKeyMaterialId, 'CURRENT']])
    })

    it('allows at most 25 on-demand rotations per key (LimitExceededException), paging ListKeyRotations', async () => {
      const key = await newKey()
      for (let i = 0; i < 25; i++) await kms.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId}))
      await expectAwsError(kms.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId})), 'LimitExceededException')
      const first = await kms.send(new ListKeyRotationsCommand({KeyId: key.Arn, Limit: 20}))
      expect(first).toMatchObject({Truncated: true})
      const second = await kms.send(new ListKeyRotationsCommand({KeyId: key.Arn, Limit: 20, Marker: first.NextMarker}))
      expect([...first.Rotations!, ...second.Rotations!]).toHaveLength(25)
      expect(second.Truncated).toBe(false)
    })

    it('enables rotation with RotationPeriodInDays 90–2560 (default 365) and reports NextRotationDate', async () => {
      const key = await newKey()
      expect(await kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))).toMatchObject({KeyRotationEnabled: false, KeyId: key.Arn})
      await expectAwsError(kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId, RotationPeriodInDays: 89})), 'ValidationException')
      await expectAwsError(kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId, RotationPeriodInDays: 2561})), 'ValidationException')
      const start = Date.now()
      await kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId}))
      const status = await kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))
      expect(status).toMatchObject({KeyRotationEnabled: true, RotationPeriodInDays: 365})
      expect(status.NextRotationDate!.getTime() - start).toBeGreaterThan(364.9 * 86_400_000)
      expect(status.OnDemandRotationStartDate).toBeUndefined()
      await kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId, RotationPeriodInDays: 90}))
      expect((await kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))).RotationPeriodInDays).toBe(90)
      await kms.send(new DisableKeyRotationCommand({KeyId: key.KeyId}))
      const off = await kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))
      expect(off.KeyRotationEnabled).toBe(false)
      expect(off.NextRotationDate).toBeUndefined()
    })

    it('rotates symmetric keys only (UnsupportedOperationException), and not while the key is disabled (DisabledException)', async () => {
      const signing = (await kms.send(new CreateKeyCommand({KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY'}))).KeyMetadata!
      await expectAwsError(kms.send(new EnableKeyRotationCommand({KeyId: signing.KeyId})), 'UnsupportedOperationException')
      await expectAwsError(kms.send(new RotateKeyOnDemandCommand({KeyId: signing.KeyId})), 'UnsupportedOperationException')
      const hmac = (await kms.send(new CreateKeyCommand({KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC'}))).KeyMetadata!
      await expectAwsError(kms.send(new RotateKeyOnDemandCommand({KeyId: hmac.KeyId})), 'UnsupportedOperationException')
      const key = await newKey()
      await kms.send(new DisableKeyCommand({KeyId: key.KeyId}))
      await expectAwsError(kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId})), 'DisabledException')
      await expectAwsError(kms.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId})), 'DisabledException')
      await kms.send(new EnableKeyCommand({KeyId: key.KeyId}))
      await expectAwsError(kms.send(new EnableKeyRotationCommand({KeyId: 'alias/no-aliases-here'})), 'NotFoundException')
    })
  })
}
