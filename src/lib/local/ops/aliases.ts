/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases: one key per alias, unique per account and Region. */
import {immediate} from '../store.js'
import {ServiceError, notFound, validationError} from '../service-error.js'
import {aliasArn, requireNotPending, resolveKey} from '../engine/keys.js'
import {sweepDueEvents} from '../engine/lifecycle.js'
import {optionalString, requiredString, type Input} from '../validate.js'
import {paginate} from './pagination.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'

const ALIAS_PATTERN = /^[a-zA-Z0-9:/_-]+$/

function aliasName(input: Input): string {
  const name = requiredString(input, 'AliasName', 1, 256)
  if (!ALIAS_PATTERN.test(name)) {
    throw validationError(name, 'aliasName', `Member must satisfy regular expression pattern: ${ALIAS_PATTERN.source}`)
  }
  if (!name.startsWith('alias/') || name.length === 'alias/'.length) {
    throw new ServiceError('ValidationException', `Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`)
  }
  return name
}

function checkCustomerAlias(name: string): void {
  if (name.startsWith('alias/aws/')) {
    throw new ServiceError('NotAuthorizedException', 'Cannot create, update or delete an alias with the reserved prefix "alias/aws/"')
  }
}

function findAlias(ctx: RequestContext, name: string) {
  return statement(ctx.engine.db, 'SELECT * FROM aliases WHERE region = ? AND alias_name = ?').get(ctx.region, name) as
    {target_key_id: string} | undefined
}

export const createAlias: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const name = aliasName(input)
  checkCustomerAlias(name)
  const key = resolveKey(ctx, requiredString(input, 'TargetKeyId'))
  requireNotPending(key)
  if (findAlias(ctx, name)) throw new ServiceError('AlreadyExistsException', `An alias with the name ${aliasArn(ctx, name)} already exists`)
  const now = ctx.engine.clock().getTime()
  statement(ctx.engine.db, 'INSERT INTO aliases (region, alias_name, target_key_id, created, updated) VALUES (?, ?, ?, ?, ?)')
    .run(ctx.region, name, key.key_id, now, now)
  ctx.resources.unshift(aliasArn(ctx, name))
  return {}
})

export const updateAlias: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const name = aliasName(input)
  checkCustomerAlias(name)
  const key = resolveKey(ctx, requiredString(input, 'TargetKeyId'))
  requireNotPending(key)
  const current = findAlias(ctx, name)
  if (!current) throw notFound(`Alias '${aliasArn(ctx, name)}' is not found.`)
  // AWS: the current and new key must be of the same type (symmetric, asymmetric or HMAC) and key usage.
  const before = resolveKey(ctx, current.target_key_id)
  if (keyType(before.key_spec) !== keyType(key.key_spec) || before.key_usage !== key.key_usage) {
    throw new ServiceError('ValidationException', `Alias ${name} points to a ${keyType(before.key_spec)} ${before.key_usage} key; ` +
      `${key.key_id} is a ${keyType(key.key_spec)} ${key.key_usage} key. The current and new key must be of the same type and key usage.`)
  }
  statement(ctx.engine.db, 'UPDATE aliases SET target_key_id = ?, updated = ? WHERE region = ? AND alias_name = ?')
    .run(key.key_id, ctx.engine.clock().getTime(), ctx.region, name)
  ctx.resources.unshift(aliasArn(ctx, name))
  return {}
})

/** The key type UpdateAlias compares: symmetric, asymmetric or HMAC. */
function keyType(spec: string): string {
  return spec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : spec.startsWith('HMAC_') ? 'HMAC' : 'asymmetric'
}

export const deleteAlias: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const name = aliasName(input)
  checkCustomerAlias(name)
  const current = findAlias(ctx, name)
  if (!current) throw notFound(`Alias '${aliasArn(ctx, name)}' is not found.`)
  statement(ctx.engine.db, 'DELETE FROM aliases WHERE region = ? AND alias_name = ?').run(ctx.region, name)
  ctx.resources.push(aliasArn(ctx, name))
  return {}
})

export const listAliases: Operation = (ctx, input) => {
  sweepDueEvents(ctx)
  const keyIdentifier = optionalString(input, 'KeyId')
  const rows = (keyIdentifier === undefined
    ? statement(ctx.engine.db, 'SELECT * FROM aliases WHERE region = ? ORDER BY alias_name').all(ctx.region)
    : statement(ctx.engine.db, 'SELECT * FROM aliases WHERE region = ? AND target_key_id = ? ORDER BY alias_name')
      .all(ctx.region, resolveKey(ctx, keyIdentifier).key_id)) as
    {alias_name: string; target_key_id: string; created: number; updated: number}[]
  const {items, ...page} = paginate(input, rows, {max: 100, byDefault: 50})
  return {
    Aliases: items.map(r => ({AliasName: r.alias_name, AliasArn: aliasArn(ctx, r.alias_name), TargetKeyId: r.target_key_id,
      CreationDate: r.created / 1000, LastUpdatedDate: r.updated / 1000})),
    ...page,
  }
}
