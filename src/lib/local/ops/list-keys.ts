import {sweepDueEvents} from '../engine/lifecycle.js'
import {paginate} from './pagination.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'

export const listKeys: Operation = (ctx, input) => {
  sweepDueEvents(ctx)
  const rows = statement(ctx.engine.db, 'SELECT key_id, arn FROM keys WHERE region = ? ORDER BY created, key_id').all(ctx.region) as
    {key_id: string; arn: string}[]
  const {items, ...page} = paginate(input, rows)
  return {Keys: items.map(r => ({KeyId: r.key_id, KeyArn: r.arn})), ...page}
}
