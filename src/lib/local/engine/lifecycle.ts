/**
 * Time-driven changes, applied when the store is next touched (and by `local serve`'s timer), so
 * no daemon is needed: automatic rotations that fell due (`RotateKey`), imported material that
 * expired (`DeleteExpiredKeyMaterial`), and keys whose deletion date has passed (`DeleteKey`),
 * each with the service event AWS records. Works across Regions: `ctx.region` is not used.
 */
import {immediate} from '../store.js'
import {recordServiceEvent} from '../audit.js'
import type {RequestContext} from './engine.js'
import {expireDueMaterial} from './import.js'
import {afterReplicaDeleted} from './multi-region.js'
import {rotateDueKeys} from './rotation.js'
import {statement} from '../statements.js'

let lastSweep = new WeakMap<object, number>()

/** Sweeps run at most this often per engine: a request rate of thousands per second must not pay for each. */
const SWEEP_INTERVAL_MS = 1000

/** Applies every due rotation, expiry and deletion. Cheap when nothing is due (three indexed counts). */
export function sweepDueEvents(ctx: RequestContext): void {
  const {db} = ctx.engine
  const now = ctx.engine.clock().getTime()
  const last = lastSweep.get(ctx.engine)
  if (last !== undefined && Math.abs(now - last) < SWEEP_INTERVAL_MS) return
  lastSweep.set(ctx.engine, now)
  const dueCount = statement(db, `SELECT
      (SELECT count(*) FROM keys WHERE next_rotation <= ? AND key_state = 'Enabled') +
      (SELECT count(*) FROM key_materials WHERE valid_to <= ? AND length(sealed) > 0) +
      (SELECT count(*) FROM keys WHERE key_state = 'PendingDeletion' AND deletion_date <= ?) AS n`).get(now, now, now) as {n: number}
  if (dueCount.n === 0) return
  immediate(db, () => {
    rotateDueKeys(ctx.engine, now)
    expireDueMaterial(ctx.engine, now)
    deleteDueKeys(ctx, now)
  })
}

function deleteDueKeys(ctx: RequestContext, now: number): void {
  const {db} = ctx.engine
  const due = statement(db, `SELECT region, key_id, arn FROM keys WHERE key_state = 'PendingDeletion' AND deletion_date <= ?`)
    .all(now) as {region: string; key_id: string; arn: string}[]
  for (const key of due) {
    const deleted = statement(db, `DELETE FROM keys WHERE region = ? AND key_id = ? AND key_state = 'PendingDeletion'`).run(key.region, key.key_id)
    if (deleted.changes === 0) continue
    statement(db, 'DELETE FROM aliases WHERE region = ? AND target_key_id = ?').run(key.region, key.key_id)
    statement(db, 'DELETE FROM tags WHERE region = ? AND key_id = ?').run(key.region, key.key_id)
    const remaining = statement(db, 'SELECT 1 FROM keys WHERE key_id = ?').get(key.key_id)
    if (!remaining) statement(db, 'DELETE FROM key_materials WHERE key_id = ?').run(key.key_id)
    recordServiceEvent(ctx.engine, {region: key.region, eventName: 'DeleteKey', keyArn: key.arn, details: {keyId: key.key_id}})
    afterReplicaDeleted(ctx.engine, key.key_id, now)
  }
}

/** For tests that move the clock back: forget when the last sweep ran. */
export function resetSweeps(): void {
  lastSweep = new WeakMap()
}
