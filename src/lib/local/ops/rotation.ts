/** EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand. */
import {immediate} from '../store.js'
import {ServiceError, invalidState} from '../service-error.js'
import {requireNotPending, resolveKey, type KeyRow} from '../engine/keys.js'
import {pendingRotationMaterial} from '../engine/import.js'
import {DAY_MS, ON_DEMAND_LIMIT, ROTATION_PERIOD, countOnDemandRotations, lastRotation, requireRotatable, rotateKey,
  setRotationSchedule} from '../engine/rotation.js'
import {optionalInteger, requiredString} from '../validate.js'
import type {Operation} from './operation.js'

/** Rotation settings change only on Enabled keys (DisabledException / KMSInvalidStateException otherwise). */
function requireEnabled(key: KeyRow): void {
  requireNotPending(key)
  if (key.key_state === 'Disabled') throw new ServiceError('DisabledException', `${key.arn} is disabled.`)
  if (key.key_state !== 'Enabled') throw invalidState(`${key.arn} is ${key.key_state === 'PendingImport' ? 'pending import' : key.key_state}.`)
}

export const enableKeyRotation: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  const period = optionalInteger(input, 'RotationPeriodInDays', ROTATION_PERIOD.min, ROTATION_PERIOD.max) ?? ROTATION_PERIOD.default
  requireRotatable(key, true)
  requireEnabled(key)
  const now = ctx.engine.clock().getTime()
  // A changed period counts from the last rotation (or creation); a newly enabled schedule from now.
  const next = key.next_rotation === null ? now + period * DAY_MS : Math.max(now, lastRotation(ctx.engine, key) + period * DAY_MS)
  setRotationSchedule(ctx.engine, key.key_id, period, next)
  return {}
})

export const disableKeyRotation: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  requireRotatable(key, true)
  requireEnabled(key)
  setRotationSchedule(ctx.engine, key.key_id, null, null)
  return {}
})

export const getKeyRotationStatus: Operation = (ctx, input) => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  if (key.key_spec !== 'SYMMETRIC_DEFAULT') {
    throw new ServiceError('UnsupportedOperationException', `${key.arn} key spec is ${key.key_spec}: only symmetric encryption keys rotate.`)
  }
  requireNotPending(key)
  const enabled = key.next_rotation !== null
  return {
    KeyRotationEnabled: enabled,
    KeyId: key.arn,
    ...(enabled && {RotationPeriodInDays: key.rotation_period_days, NextRotationDate: key.next_rotation! / 1000}),
  }
}

/** Rotations finish at once locally, so OnDemandRotationStartDate never shows an on-demand rotation in progress. */
export const rotateKeyOnDemand: Operation = (ctx, input) => immediate(ctx.engine.db, () => {
  const key = resolveKey(ctx, requiredString(input, 'KeyId'))
  requireRotatable(key, false)
  requireEnabled(key)
  const now = ctx.engine.clock().getTime()
  if (key.next_rotation !== null && key.next_rotation - now < 20 * 60_000) {
    throw new ServiceError('ConflictException', `An automatic rotation of ${key.arn} is due within 20 minutes. Try again later.`)
  }
  if (countOnDemandRotations(ctx.engine, key.key_id) >= ON_DEMAND_LIMIT) {
    throw new ServiceError('LimitExceededException', `${key.arn} has reached the maximum of ${ON_DEMAND_LIMIT} on-demand rotations.`)
  }
  let materialId: string | undefined
  if (key.origin === 'EXTERNAL') {
    materialId = pendingRotationMaterial(ctx.engine, key)
    if (materialId === undefined) {
      throw new ServiceError('ValidationException', `${key.arn} has no imported key material pending rotation. Import new key material (ImportType NEW_KEY_MATERIAL) first.`)
    }
  }
  rotateKey(ctx.engine, key, 'ON_DEMAND', now, materialId)
  return {KeyId: key.key_id}
})
