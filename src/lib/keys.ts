/** Key administration flows shared by several commands. */
import {DescribeKeyCommand, type KMSClient} from '@aws-sdk/client-kms'
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
