/**
 * Time-driven changes, applied when the store is next touched (and by `local serve`'s timer), so
 * no daemon is needed: keys whose deletion date has passed are deleted, with the `DeleteKey`
 * service event AWS records.
 */
import {immediate} from '../store.js'
import {recordServiceEvent} from '../audit.js'
import type {RequestContext} from './engine.js'

let lastSweep = new WeakMap<object, number>()

/** Deletes every key whose deletion date has passed. Cheap when nothing is due. */
export function sweepDueEvents(ctx: RequestContext): void {
  const {db} = ctx.engine
  const now = ctx.engine.clock().getTime()
  if (lastSweep.get(ctx.engine) === now) return
  lastSweep.set(ctx.engine, now)
  const due = db.prepare(`SELECT region, key_id, arn FROM keys WHERE key_state = 'PendingDeletion' AND deletion_date <= ?`)
    .all(now) as {region: string; key_id: string; arn: string}[]
  if (due.length === 0) return
  immediate(db, () => {
    for (const key of due) {
      const deleted = db.prepare(`DELETE FROM keys WHERE region = ? AND key_id = ? AND key_state = 'PendingDeletion'`).run(key.region, key.key_id)
      if (deleted.changes === 0) continue
      db.prepare('DELETE FROM aliases WHERE region = ? AND target_key_id = ?').run(key.region, key.key_id)
      db.prepare('DELETE FROM tags WHERE region = ? AND key_id = ?').run(key.region, key.key_id)
      const remaining = db.prepare('SELECT 1 FROM keys WHERE key_id = ?').get(key.key_id)
      if (!remaining) db.prepare('DELETE FROM key_materials WHERE key_id = ?').run(key.key_id)
      recordServiceEvent(ctx.engine, {region: key.region, eventName: 'DeleteKey', keyArn: key.arn, details: {keyId: key.key_id}})
    }
  })
}

/** For tests that move the clock back: forget when the last sweep ran. */
export function resetSweeps(): void {
  lastSweep = new WeakMap()
}
