/**
 * Key rotation (kms-api.md §1.3): new material becomes current; earlier materials stay, so every
 * old ciphertext still decrypts (its blob names its material). Only symmetric encryption keys
 * rotate; automatic rotation every RotationPeriodInDays (90–2560, default 365) on the primary of a
 * multi-Region key, whose replicas share the material; at most 25 on-demand rotations per key.
 * Each rotation is recorded as the `RotateKey` service event.
 */
import {recordServiceEvent} from '../audit.js'
import {ServiceError} from '../service-error.js'
import type {Engine} from './engine.js'
import type {KeyRow} from './keys.js'
import {generateMaterial, insertMaterial} from './material.js'
import {statement} from '../statements.js'

export const DAY_MS = 86_400_000
export const ROTATION_PERIOD = {min: 90, max: 2560, default: 365}
export const ON_DEMAND_LIMIT = 25
export type RotationType = 'AUTOMATIC' | 'ON_DEMAND'

const unsupported = (message: string) => new ServiceError('UnsupportedOperationException', message)

/** Rotation applies to symmetric encryption keys only; automatic rotation not to imported material. */
export function requireRotatable(key: KeyRow, automatic: boolean): void {
  if (key.key_spec !== 'SYMMETRIC_DEFAULT') throw unsupported(`${key.arn} key spec is ${key.key_spec}: only symmetric encryption keys rotate.`)
  if (automatic && key.origin === 'EXTERNAL') {
    throw unsupported(`${key.arn} has imported key material, which KMS cannot rotate automatically. Rotate it on demand after importing new key material, or rotate manually by moving an alias to a new key.`)
  }
  if (key.primary_region !== null && key.primary_region !== key.region) {
    throw unsupported(`${key.arn} is a multi-Region replica key: manage rotation on its primary key in ${key.primary_region}.`)
  }
}

/** Sets a key's rotation columns in every Region that holds it (multi-Region keys share the schedule). */
export function setRotationSchedule(engine: Engine, keyId: string, periodDays: number | null, next: number | null): void {
  statement(engine.db, 'UPDATE keys SET rotation_period_days = ?, next_rotation = ? WHERE key_id = ?').run(periodDays, next, keyId)
}

/** When the last rotation happened (or the key was created). */
export function lastRotation(engine: Engine, key: KeyRow): number {
  const row = statement(engine.db, 'SELECT max(rotation_date) AS at FROM key_materials WHERE key_id = ? AND rotation_date IS NOT NULL')
    .get(key.key_id) as {at: number | null}
  return row.at ?? key.created
}

export function countOnDemandRotations(engine: Engine, keyId: string): number {
  return (statement(engine.db, `SELECT count(*) AS n FROM key_materials WHERE key_id = ? AND rotation_type = 'ON_DEMAND'`).get(keyId) as {n: number}).n
}

/** Makes `materialId` (new random material when omitted) current in every Region of the key, and records RotateKey. */
export function rotateKey(engine: Engine, key: KeyRow, type: RotationType, at: number, materialId?: string): string {
  let current = materialId
  if (current === undefined) {
    current = insertMaterial(engine, key.key_id, generateMaterial(key.key_spec).secret, {rotation_type: type, rotation_date: at})
  } else {
    statement(engine.db, 'UPDATE key_materials SET rotation_type = ?, rotation_date = ? WHERE key_id = ? AND material_id = ?')
      .run(type, at, key.key_id, current)
  }
  statement(engine.db, 'UPDATE keys SET current_material_id = ? WHERE key_id = ?').run(current, key.key_id)
  recordServiceEvent(engine, {region: key.region, eventName: 'RotateKey', keyArn: key.arn, details: {
    keyId: key.key_id, rotationType: type, keyOrigin: key.origin, previousKeyMaterialId: key.current_material_id, currentKeyMaterialId: current,
  }})
  return current
}

/** Automatic rotations that are due: each missed period rotates once, dated when it fell due. */
export function rotateDueKeys(engine: Engine, now: number): void {
  const due = statement(engine.db, `SELECT * FROM keys WHERE next_rotation IS NOT NULL AND next_rotation <= ? AND key_state = 'Enabled'
    AND (primary_region IS NULL OR primary_region = region)`).all(now) as KeyRow[]
  for (const key of due) {
    let next = key.next_rotation!
    let row = key
    while (next <= now) {
      const current = rotateKey(engine, row, 'AUTOMATIC', next)
      row = {...row, current_material_id: current}
      next += key.rotation_period_days! * DAY_MS
    }
    setRotationSchedule(engine, key.key_id, key.rotation_period_days, next)
  }
}
