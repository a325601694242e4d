/** `kms keys create --alias` and the wizard never leave a key nobody knows about (helper-found defect, session 3). */
import {ListKeysCommand, DescribeKeyCommand, type KMSClient} from '@aws-sdk/client-kms'
import {describe, expect, it} from 'vitest'
import {createKmsClient} from '../../src/lib/clients.js'
import {createKeyWithAlias} from '../../src/lib/keys.js'
import {tempDir} from '../helpers/temp.js'

async function keyCount(kms: KMSClient): Promise<number> {
  return (await kms.send(new ListKeysCommand({}))).Keys!.length
}

describe('createKeyWithAlias', () => {
  it('creates the key and its alias', async () => {
    const kms = createKmsClient({backend: 'local', home: tempDir()})
    const key = await createKeyWithAlias(kms, {Description: 'app'}, 'alias/app')
    expect((await kms.send(new DescribeKeyCommand({KeyId: 'alias/app'}))).KeyMetadata!.KeyId).toBe(key.KeyId)
  })

  it('refuses an alias that is taken, malformed or reserved before creating any key', async () => {
    const kms = createKmsClient({backend: 'local', home: tempDir()})
    const first = await createKeyWithAlias(kms, {}, 'alias/app')
    await expect(createKeyWithAlias(kms, {}, 'alias/app')).rejects.toMatchObject({
      name: 'AlreadyExistsException', exitCode: 8,
      message: `the alias alias/app already exists (it names the key ${first.KeyId}); no key was created`,
    })
    await expect(createKeyWithAlias(kms, {}, 'alias/bad name')).rejects.toMatchObject({name: 'UsageError', exitCode: 2, message: "alias 'alias/bad name' is not a valid alias name"})
    await expect(createKeyWithAlias(kms, {}, 'alias/aws/mine')).rejects.toMatchObject({name: 'UsageError', exitCode: 2})
    expect(await keyCount(kms)).toBe(1)
  })

  it('keeps its key when CreateAlias succeeded but its answer was lost (the retry then finds the alias naming this very key)', async () => {
    const kms = createKmsClient({backend: 'local', home: tempDir()})
    let lost = false
    kms.middlewareStack.add((next, context) => async (args) => {
      const result = await next(args)
      if (context.commandName === 'CreateAliasCommand' && !lost) {
        lost = true
        throw Object.assign(new Error('the answer was lost'), {name: 'TimeoutError'})
      }
      return result
    }, {step: 'deserialize', name: 'loseOneAnswer'})
    const key = await createKeyWithAlias(kms, {}, 'alias/kept')
    expect(lost).toBe(true)
    expect((await kms.send(new DescribeKeyCommand({KeyId: 'alias/kept'}))).KeyMetadata).toMatchObject({KeyId: key.KeyId, KeyState: 'Enabled'})
  })

  it('schedules its key for deletion, and says so, when another process takes the alias between the check and CreateAlias', async () => {
    const kms = createKmsClient({backend: 'local', home: tempDir()})
    // Both check the name before either creates the alias: one wins, the other's key is retired.
    const results = await Promise.allSettled([createKeyWithAlias(kms, {}, 'alias/race'), createKeyWithAlias(kms, {}, 'alias/race')])
    const won = results.filter(r => r.status === 'fulfilled')
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    const error = lost[0].reason as Error & {hints: string[]}
    const loser = /the key (\S+) made for it is scheduled for deletion in 7 days/.exec(error.message)?.[1]
    expect(loser).toBeDefined()
    expect(error.hints).toEqual([`to keep that key after all: kms keys cancel-deletion ${loser}`])
    expect((await kms.send(new DescribeKeyCommand({KeyId: loser}))).KeyMetadata!.KeyState).toBe('PendingDeletion')
  })
})
