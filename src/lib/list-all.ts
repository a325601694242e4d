/** Every page of the paginated KMS list operations, through the SDK's own paginators. */
import {paginateListAliases, paginateListKeys, paginateListResourceTags, type AliasListEntry, type KMSClient, type KeyListEntry, type Tag} from '@aws-sdk/client-kms'

export async function listAllKeys(client: KMSClient): Promise<KeyListEntry[]> {
  const keys: KeyListEntry[] = []
  for await (const page of paginateListKeys({client}, {})) keys.push(...(page.Keys ?? []))
  return keys
}

export async function listAllAliases(client: KMSClient, keyId?: string): Promise<AliasListEntry[]> {
  const aliases: AliasListEntry[] = []
  for await (const page of paginateListAliases({client}, {KeyId: keyId})) aliases.push(...(page.Aliases ?? []))
  return aliases
}

export async function listAllTags(client: KMSClient, keyId: string): Promise<Tag[]> {
  const tags: Tag[] = []
  for await (const page of paginateListResourceTags({client}, {KeyId: keyId})) tags.push(...(page.Tags ?? []))
  return tags
}

/** Runs `fn` over items with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return out
}
