import {requireNotPending, resolveKey} from '../engine/keys.js'
import {requiredString} from '../validate.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'

export const updateKeyDescription: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const description = requiredString(input, 'Description', 0, 8192)
  requireNotPending(key)
  statement(ctx.engine.db, 'UPDATE keys SET description = ? WHERE region = ? AND key_id = ?').run(description, key.region, key.key_id)
  return {}
}
