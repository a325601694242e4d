/** EnableKey, DisableKey, ScheduleKeyDeletion, CancelKeyDeletion: the key-state transitions. */
import {immediate} from '../store.js'
import {ServiceError, invalidState, validationError} from '../service-error.js'
import {requireNotPending, resolveKey, type KeyRow} from '../engine/keys.js'
import {optionalInteger, requiredString} from '../validate.js'
import type {RequestContext} from '../engine/engine.js'
import type {Operation} from './operation.js'
import {statement} from '../statements.js'

const DAY_MS = 86_400_000

function setState(ctx: RequestContext, key: KeyRow, state: string, extra: {deletion_date?: number | null; pending_window_days?: number | null} = {}): void {
  statement(ctx.engine.db, `UPDATE keys SET key_state = ?, deletion_date = ?, pending_window_days = ? WHERE region = ? AND key_id = ?`)
    .run(state, extra.deletion_date ?? null, extra.pending_window_days ?? null, key.region, key.key_id)
}

function toggle(state: 'Enabled' | 'Disabled'): Operation {
  return (ctx, input) => immediate(ctx.engine.db, () => {
    const key = resolveKey(ctx, requiredString(input, 'KeyId'))
    requireNotPending(key)
    if (key.key_state === 'PendingImport') throw invalidState(`${key.arn} is pending import.`)
    setState(ctx, key, state)
    return {}
  })
}

function hasReplicas(ctx: RequestContext, key: KeyRow): boolean {
  if (key.primary_region !== key.region) return false
  return statement(ctx.engine.db, 'SELECT 1 FROM keys WHERE key_id = ? AND region <> ?').get(key.key_id, key.region) !== undefined
}

export const enableKey = toggle('Enabled')
export const disableKey = toggle('Disabled')

export const scheduleKeyDeletion: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const days = optionalInteger(input, 'PendingWindowInDays', 1, 365) ?? 30
  if (days < 7 || days > 30) {
    throw validationError(days, 'pendingWindowInDays', 'Member must have value between 7 and 30 days')
  }
  requireNotPending(key)
  if (hasReplicas(ctx, key)) {
    // A multi-Region primary waits for its replicas; its own waiting period starts when the last one is deleted.
    setState(ctx, key, 'PendingReplicaDeletion', {pending_window_days: days})
    ctx.responseElements = {keyId: key.arn, keyState: 'PendingReplicaDeletion', pendingWindowInDays: days}
    return {KeyId: key.arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: days}
  }
  const deletionDate = ctx.engine.clock().getTime() + days * DAY_MS
  setState(ctx, key, 'PendingDeletion', {deletion_date: deletionDate, pending_window_days: days})
  const result = {KeyId: key.arn, DeletionDate: deletionDate / 1000, KeyState: 'PendingDeletion', PendingWindowInDays: days}
  ctx.responseElements = {keyId: key.arn, deletionDate: new Date(deletionDate).toISOString(), keyState: 'PendingDeletion', pendingWindowInDays: days}
  return result
})

export const cancelKeyDeletion: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  if (key.key_state !== 'PendingDeletion' && key.key_state !== 'PendingReplicaDeletion') {
    throw new ServiceError('KMSInvalidStateException', `${key.arn} is not pending deletion.`)
  }
  setState(ctx, key, 'Disabled')
  ctx.responseElements = {keyId: key.arn}
  return {KeyId: key.arn}
})
