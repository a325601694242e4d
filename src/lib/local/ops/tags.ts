/** TagResource, UntagResource, ListResourceTags. */
import {immediate} from '../store.js'
import {ServiceError, validationError} from '../service-error.js'
import {requireNotPending, resolveKey} from '../engine/keys.js'
import {parseTags, readTags, writeTags} from '../engine/tags.js'
import {optionalList, requiredString} from '../validate.js'
import {paginate} from './pagination.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'

export const tagResource: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const tags = parseTags(input)
  if (input.Tags === undefined) throw validationError('null', 'tags', 'Member must not be null')
  requireNotPending(key)
  writeTags(ctx, key.key_id, tags)
  return {}
})

export const untagResource: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const tagKeys = optionalList(input, 'TagKeys', 50, k => {
    if (typeof k !== 'string' || k.length < 1 || k.length > 128) throw new ServiceError('TagException', `Invalid tag key '${String(k)}'`)
    return k
  })
  if (tagKeys === undefined) throw validationError('null', 'tagKeys', 'Member must not be null')
  requireNotPending(key)
  const remove = statement(ctx.engine.db, 'DELETE FROM tags WHERE region = ? AND key_id = ? AND tag_key = ?')
  for (const tagKey of tagKeys) remove.run(key.region, key.key_id, tagKey)
  return {}
})

export const listResourceTags: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const {items, ...page} = paginate(input, readTags(ctx, key.key_id), {max: 50, byDefault: 50})
  return {Tags: items, ...page}
}
