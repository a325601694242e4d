import {DecryptCommand, EncryptCommand} from '@aws-sdk/client-kms'
import {beforeAll, describe, expect, it} from 'vitest'
import KeysCancelDeletion from '../../src/commands/keys/cancel-deletion.js'
import KeysCreate from '../../src/commands/keys/create.js'
import KeysScheduleDeletion from '../../src/commands/keys/schedule-deletion.js'
import ReplicasCreate from '../../src/commands/replicas/create.js'
import ReplicasList from '../../src/commands/replicas/list.js'
import ReplicasPromote from '../../src/commands/replicas/promote.js'
import {createKmsClient} from '../../src/lib/clients.js'
import {runCommand, useLocalHome} from './run-command.js'

describe('kms replicas', () => {
  let home: string
  beforeAll(() => {
    home = useLocalHome()
  })

  it('creates a replica in another Region whose key decrypts what the primary encrypted, and lists both', async () => {
    const key = (await runCommand(KeysCreate, ['--multi-region', '--alias', 'alias/global', '--json'])).json.KeyMetadata
    expect(key.KeyId).toMatch(/^mrk-/)
    const created = await runCommand(ReplicasCreate, ['alias/global', '--replica-region', 'eu-west-1', '--tag', 'site=dublin', '--json'])
    expect(created.json.ReplicaKeyMetadata).toMatchObject({KeyId: key.KeyId, Arn: expect.stringContaining(':eu-west-1:')})
    const listed = await runCommand(ReplicasList, [key.KeyId])
    expect(listed.stdout).toMatch(/^us-east-1 +PRIMARY/m)
    expect(listed.stdout).toMatch(/^eu-west-1 +REPLICA/m)
    const {CiphertextBlob} = await createKmsClient({backend: 'local', home}).send(new EncryptCommand({KeyId: key.KeyId, Plaintext: Buffer.from('hi')}))
    const out = await createKmsClient({backend: 'local', home, region: 'eu-west-1'}).send(new DecryptCommand({CiphertextBlob}))
    expect(Buffer.from(out.Plaintext!).toString()).toBe('hi')
  })

  it('promotes a replica from any Region by talking to the primary\'s Region', async () => {
    const key = (await runCommand(KeysCreate, ['--multi-region', '--json'])).json.KeyMetadata
    await runCommand(ReplicasCreate, [key.KeyId, '--replica-region', 'ap-south-1'])
    const promoted = await runCommand(ReplicasPromote, [key.KeyId, '--primary-region', 'ap-south-1', '--region', 'ap-south-1', '--json'])
    expect(promoted.json).toEqual({KeyId: key.KeyId, PreviousPrimaryRegion: 'us-east-1', PrimaryRegion: 'ap-south-1'})
    expect((await runCommand(ReplicasList, [key.KeyId, '--json'])).json.PrimaryKey.Region).toBe('ap-south-1')
  })

  it('schedules deletion of a primary with replicas (PendingReplicaDeletion) saying when, with a cancel command that works as typed', async () => {
    const key = (await runCommand(KeysCreate, ['--multi-region', '--alias', 'alias/doomed', '--json'])).json.KeyMetadata
    await runCommand(ReplicasCreate, [key.KeyId, '--replica-region', 'eu-west-1'])
    const scheduled = await runCommand(KeysScheduleDeletion, ['alias/doomed', '--days', '7'])
    expect(scheduled.stdout.trim()).toBe(`${key.Arn} is PendingReplicaDeletion: it will be deleted 7 days after its last replica (cancel: kms keys cancel-deletion ${key.KeyId})`)
    expect((await runCommand(KeysCancelDeletion, [key.KeyId])).exitCode).toBe(0)
    // The replica's own deletion, in its Region: the enable hint keeps --region (as typed it acted on the primary).
    expect((await runCommand(KeysScheduleDeletion, [key.KeyId, '--days', '7', '--region', 'eu-west-1'])).exitCode).toBe(0)
    const cancelled = await runCommand(KeysCancelDeletion, [key.KeyId, '--region', 'eu-west-1'])
    expect(cancelled.stdout.trim()).toBe(`Deletion cancelled; ${key.Arn.split(':').with(3, 'eu-west-1').join(':')} is disabled (enable it: kms keys enable ${key.KeyId} --region eu-west-1)`)
  })

  it('refuses single-Region keys with a usage error and a hint', async () => {
    const key = (await runCommand(KeysCreate, ['--json'])).json.KeyMetadata
    const result = await runCommand(ReplicasCreate, [key.KeyId, '--replica-region', 'eu-west-1'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^hint: .*kms keys create --multi-region/m)
  })
})
