/** Key tags: AWS's limits (50 per key, key 1–128, value 0–256, no `aws:` prefix) and storage. */
import {ServiceError} from '../service-error.js'
import {optionalList, requireObject, type Input} from '../validate.js'
import type {RequestContext} from './engine.js'
import {statement} from '../statements.js'

export interface Tag {
  TagKey: string
  TagValue: string
}

const MAX_TAGS = 50

export function parseTags(input: Input): Tag[] {
  return optionalList(input, 'Tags', MAX_TAGS, item => {
    const tag = requireObject(item, 'Tags')
    const {TagKey, TagValue} = tag
    if (typeof TagKey !== 'string' || TagKey.length < 1 || TagKey.length > 128) {
      throw new ServiceError('TagException', `Tag key must be 1 to 128 characters: '${String(TagKey)}'`)
    }
    if (typeof TagValue !== 'string' || TagValue.length > 256) {
      throw new ServiceError('TagException', `Tag value must be 0 to 256 characters for tag key '${TagKey}'`)
    }
    if (TagKey.startsWith('aws:')) throw new ServiceError('TagException', `Tag key '${TagKey}' uses the reserved prefix 'aws:'`)
    return {TagKey, TagValue}
  }) ?? []
}

export function writeTags(ctx: RequestContext, keyId: string, tags: Tag[]): void {
  const upsert = statement(ctx.engine.db, `INSERT INTO tags (region, key_id, tag_key, tag_value) VALUES (?, ?, ?, ?)
    ON CONFLICT (region, key_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value`)
  for (const tag of tags) upsert.run(ctx.region, keyId, tag.TagKey, tag.TagValue)
  const {n} = statement(ctx.engine.db, 'SELECT count(*) AS n FROM tags WHERE region = ? AND key_id = ?').get(ctx.region, keyId) as {n: number}
  if (n > MAX_TAGS) throw new ServiceError('TagException', `A key can have at most ${MAX_TAGS} tags`)
}

export function readTags(ctx: RequestContext, keyId: string): Tag[] {
  return (statement(ctx.engine.db, 'SELECT tag_key, tag_value FROM tags WHERE region = ? AND key_id = ? ORDER BY tag_key')
    .all(ctx.region, keyId) as {tag_key: string; tag_value: string}[]).map(r => ({TagKey: r.tag_key, TagValue: r.tag_value}))
}
