import {
  CreateKeyCommand, DescribeKeyCommand, ReplicateKeyCommand, ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms'
import {describe, expect, it} from 'vitest'
import {readRecords} from '../../../src/lib/local/audit.js'
import {expectAwsError} from '../../helpers/expect-error.js'
import {DAY, timeMachine} from './time-travel.js'

describe('deleting a multi-Region primary with the engine clock', () => {
  it('waits in PendingReplicaDeletion until the last replica is deleted, then starts its own waiting period (kms-api.md §1.5)', async () => {
    const time = timeMachine()
    const east = time.client('us-east-1')
    const west = time.client('eu-west-1')
    const key = (await east.send(new CreateKeyCommand({MultiRegion: true}))).KeyMetadata!
    await east.send(new ReplicateKeyCommand({KeyId: key.KeyId, ReplicaRegion: 'eu-west-1'}))
    await east.send(new ScheduleKeyDeletionCommand({KeyId: key.KeyId, PendingWindowInDays: 10}))
    await west.send(new ScheduleKeyDeletionCommand({KeyId: key.KeyId, PendingWindowInDays: 7}))
    time.advance(7 * DAY + 1000)
    await expectAwsError(west.send(new DescribeKeyCommand({KeyId: key.KeyId})), 'NotFoundException')
    const primary = (await east.send(new DescribeKeyCommand({KeyId: key.KeyId}))).KeyMetadata!
    expect(primary).toMatchObject({KeyState: 'PendingDeletion', PendingDeletionWindowInDays: 10})
    expect(primary.DeletionDate!.getTime()).toBe(time.now.getTime() + 10 * DAY)
    expect(primary.MultiRegionConfiguration!.ReplicaKeys).toEqual([])
    time.advance(10 * DAY)
    await expectAwsError(east.send(new DescribeKeyCommand({KeyId: key.KeyId})), 'NotFoundException')
    expect(readRecords(time.engine()).filter(r => r.eventName === 'DeleteKey').map(r => r.awsRegion)).toEqual(['eu-west-1', 'us-east-1'])
  })
})
