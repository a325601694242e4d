/**
 * Which keys wrap a new file's data key: `-k` (repeatable), else the configured default key
 * (`kms config set key ...` or KMS_KEY); on the local backend `alias/default`, created on first
 * use so `kms encrypt ./dir` works on a fresh machine; on AWS a missing key is a usage error.
 */
import {CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, ScheduleKeyDeletionCommand, type KMSClient} from '@aws-sdk/client-kms'
import type {Backend} from './clients.js'
import {UsageError} from './errors.js'

export const LOCAL_DEFAULT_ALIAS = 'alias/default'

export async function chooseWrappingKeys(kms: KMSClient, backend: Backend, given: string[] | undefined, configured: string | undefined): Promise<string[]> {
  // A key named twice (`-k alias/a -k alias/a`) wraps the data key once.
  if (given && given.length > 0) return [...new Set(given)]
  if (configured) return [configured]
  if (backend !== 'local') {
    throw new UsageError('no key given to encrypt with', {hint: ['name one: -k alias/NAME (repeatable)', 'or set a default: kms config set key alias/NAME']})
  }
  return [await ensureLocalDefaultKey(kms)]
}

/** The ARN of the local `alias/default` key, creating key and alias if they do not exist (safe against racing processes). */
export async function ensureLocalDefaultKey(kms: KMSClient): Promise<string> {
  try {
    return (await kms.send(new DescribeKeyCommand({KeyId: LOCAL_DEFAULT_ALIAS}))).KeyMetadata!.Arn!
  } catch (error) {
    if ((error as Error).name !== 'NotFoundException') throw error
  }
  const {KeyMetadata} = await kms.send(new CreateKeyCommand({Description: 'default key of kms encrypt (created on first use)'}))
  try {
    await kms.send(new CreateAliasCommand({AliasName: LOCAL_DEFAULT_ALIAS, TargetKeyId: KeyMetadata!.KeyId}))
    return KeyMetadata!.Arn!
  } catch (error) {
    if ((error as Error).name !== 'AlreadyExistsException') throw error
    // Another process won the race: use its key and retire ours.
    await kms.send(new ScheduleKeyDeletionCommand({KeyId: KeyMetadata!.KeyId, PendingWindowInDays: 7}))
    return (await kms.send(new DescribeKeyCommand({KeyId: LOCAL_DEFAULT_ALIAS}))).KeyMetadata!.Arn!
  }
}
