import {
  CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand,
  GetKeyRotationStatusCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand,
} from '@aws-sdk/client-kms'
import {describe, expect, it} from 'vitest'
import {readRecords} from '../../../src/lib/local/audit.js'
import {expectAwsError} from '../../helpers/expect-error.js'
import {DAY, timeMachine} from './time-travel.js'

describe('automatic key rotation with the engine clock', () => {
  it('rotates a key when its rotation period has passed, keeps old ciphertexts decryptable and records a RotateKey service event', async () => {
    const time = timeMachine()
    const kms = time.client()
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
    await kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId, RotationPeriodInDays: 90}))
    const {CiphertextBlob} = await kms.send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('old')}))
    const due = (await kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))).NextRotationDate!
    time.advance(89 * DAY)
    expect((await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!.CurrentKeyMaterialId).toBe(key.CurrentKeyMaterialId)
    time.advance(2 * DAY)
    const rotated = (await kms.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!
    expect(rotated.CurrentKeyMaterialId).not.toBe(key.CurrentKeyMaterialId)
    const {Rotations} = await kms.send(new ListKeyRotationsCommand({KeyId: key.KeyId}))
    expect(Rotations).toEqual([expect.objectContaining({RotationType: 'AUTOMATIC', KeyMaterialId: rotated.CurrentKeyMaterialId, RotationDate: due})])
    expect((await kms.send(new GetKeyRotationStatusCommand({KeyId: key.KeyId}))).NextRotationDate!.getTime()).toBe(due.getTime() + 90 * DAY)
    expect(Buffer.from((await kms.send(new DecryptCommand({CiphertextBlob}))).Plaintext!).toString()).toBe('old')
    const events = readRecords(time.engine()).filter(r => r.eventName === 'RotateKey')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({eventType: 'AwsServiceEvent', resources: [{ARN: key.Arn}],
      serviceEventDetails: {keyId: key.KeyId, rotationType: 'AUTOMATIC', previousKeyMaterialId: key.CurrentKeyMaterialId,
        currentKeyMaterialId: rotated.CurrentKeyMaterialId}})
  })

  it('rotates once for every period missed, each dated when it fell due', async () => {
    const time = timeMachine()
    const kms = time.client()
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
    await kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId, RotationPeriodInDays: 100}))
    time.advance(350 * DAY)
    const {Rotations} = await kms.send(new ListKeyRotationsCommand({KeyId: key.KeyId}))
    expect(Rotations!.map(r => r.RotationType)).toEqual(['AUTOMATIC', 'AUTOMATIC', 'AUTOMATIC'])
    const gaps = Rotations!.slice(1).map((r, i) => r.RotationDate!.getTime() - Rotations![i].RotationDate!.getTime())
    expect(gaps).toEqual([100 * DAY, 100 * DAY])
  })

  it('does not rotate a disabled key, and rotates it once it is enabled again (AWS applies the due date on the next touch)', async () => {
    const time = timeMachine()
    const kms = time.client()
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
    await kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId, RotationPeriodInDays: 90}))
    await kms.send(new DisableKeyCommand({KeyId: key.KeyId}))
    time.advance(100 * DAY)
    expect((await kms.send(new ListKeyRotationsCommand({KeyId: key.KeyId}))).Rotations).toEqual([])
    await kms.send(new EnableKeyCommand({KeyId: key.KeyId}))
    time.advance(1000)
    expect((await kms.send(new ListKeyRotationsCommand({KeyId: key.KeyId}))).Rotations).toHaveLength(1)
  })

  it('refuses RotateKeyOnDemand with ConflictException when an automatic rotation is due within 20 minutes', async () => {
    const time = timeMachine()
    const kms = time.client()
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!
    await kms.send(new EnableKeyRotationCommand({KeyId: key.KeyId, RotationPeriodInDays: 90}))
    time.advance(90 * DAY - 10 * 60_000)
    await expectAwsError(kms.send(new RotateKeyOnDemandCommand({KeyId: key.KeyId})), 'ConflictException')
  })
})
