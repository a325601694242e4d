/** Key administration flows shared by several commands. */
import {CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, ScheduleKeyDeletionCommand, type CreateKeyCommandInput, type KMSClient, type KeyMetadata} from '@aws-sdk/client-kms'
import {describeError} from './describe-error.js'
import {KmsError, UsageError} from './errors.js'
import type {KeyListEntry} from './ui/keys.js'
import {listAllAliases, listAllKeys, mapLimit} from './list-all.js'

/** All keys with their aliases, state and description (one DescribeKey per key, 8 at a time). */
export async function listKeysWithDetails(client: KMSClient): Promise<KeyListEntry[]> {
  const [keys, aliases] = await Promise.all([listAllKeys(client), listAllAliases(client)])
  return mapLimit(keys, 8, async key => {
    const {KeyMetadata} = await client.send(new DescribeKeyCommand({KeyId: key.KeyId}))
    return {
      KeyId: key.KeyId!,
      KeyArn: key.KeyArn!,
      Aliases: aliases.filter(a => a.TargetKeyId === key.KeyId).map(a => a.AliasName!),
      KeyState: KeyMetadata?.KeyState,
      Description: KeyMetadata?.Description,
    }
  })
}

/** What AWS accepts as an alias name (CreateAlias): alias/ then letters, digits, / _ - :, at most 256 characters. */
const ALIAS_NAME = /^alias\/[a-zA-Z0-9:/_-]+$/

/**
 * CreateKey, then CreateAlias, without leaving a key nobody knows about: the alias is checked
 * first (its form, and that no key has it), and if CreateAlias still fails (another process
 * took the name meanwhile) the new key is scheduled for deletion and the error says so.
 */
export async function createKeyWithAlias(kms: KMSClient, input: CreateKeyCommandInput, alias: string | undefined): Promise<KeyMetadata> {
  if (alias !== undefined) await checkAliasIsFree(kms, alias)
  const {KeyMetadata} = await kms.send(new CreateKeyCommand(input))
  if (alias === undefined) return KeyMetadata!
  try {
    await kms.send(new CreateAliasCommand({AliasName: alias, TargetKeyId: KeyMetadata!.KeyId}))
  } catch (error) {
    const keyId = KeyMetadata!.KeyId!
    // A retried CreateAlias whose first attempt succeeded (its answer lost) reports AlreadyExists for our own key.
    if (await aliasOwner(kms, alias).catch(() => undefined) === keyId) return KeyMetadata!
    const retired = await kms.send(new ScheduleKeyDeletionCommand({KeyId: keyId, PendingWindowInDays: 7})).then(() => true, () => false)
    const described = describeError(error)
    const reason = described.message
    throw new KmsError(described.name, retired
      ? `cannot create the alias ${alias}: ${reason}; the key ${keyId} made for it is scheduled for deletion in 7 days`
      : `cannot create the alias ${alias}: ${reason}; the key ${keyId} was created without it`,
    {cause: error, exitCode: described.exitCode, hint: retired ? `to keep that key after all: kms keys cancel-deletion ${keyId}` : `name it: kms aliases create ALIAS ${keyId}`})
  }
  return KeyMetadata!
}

/** Why `alias` cannot name a new alias (form, reserved prefix), or undefined when it can. */
export function aliasNameProblem(alias: string): string | undefined {
  if (!alias.startsWith('alias/')) return `alias '${alias}' must start with alias/`
  if (!ALIAS_NAME.test(alias) || alias.length > 256) return `alias '${alias}' is not a valid alias name`
  if (alias.startsWith('alias/aws/')) return `alias '${alias}' uses the prefix alias/aws/, which AWS reserves for its own keys`
  return undefined
}

async function checkAliasIsFree(kms: KMSClient, alias: string): Promise<void> {
  const problem = aliasNameProblem(alias)
  if (problem !== undefined) throw new UsageError(problem, {hint: 'alias/ followed by letters, digits, / _ - or :, e.g. alias/app-data'})
  const taken = await aliasOwner(kms, alias)
  if (taken !== undefined) {
    throw new KmsError('AlreadyExistsException', `the alias ${alias} already exists (it names the key ${taken}); no key was created`,
      {hint: `pick another name, or move the alias to a new key: kms aliases update ${alias} KEY`})
  }
}

/** The key ID an alias points to, or undefined when no alias has that name. */
export async function aliasOwner(kms: KMSClient, alias: string): Promise<string | undefined> {
  return kms.send(new DescribeKeyCommand({KeyId: alias})).then(({KeyMetadata}) => KeyMetadata?.KeyId, (error: Error) => {
    if (error.name === 'NotFoundException') return undefined
    throw error
  })
}
