/** Multi-Region keys: replicas share the key ID and material; a primary's deletion waits for its replicas. */
import type {Engine} from './engine.js'
import {statement} from '../statements.js'

const DAY_MS = 86_400_000

/** When the last replica of a primary in PendingReplicaDeletion is gone, the primary's own waiting period starts. */
export function afterReplicaDeleted(engine: Engine, keyId: string, now: number): void {
  const rows = statement(engine.db, 'SELECT region, key_state, primary_region, pending_window_days FROM keys WHERE key_id = ?').all(keyId) as
    {region: string; key_state: string; primary_region: string | null; pending_window_days: number | null}[]
  const primary = rows.find(r => r.region === r.primary_region)
  if (!primary || primary.key_state !== 'PendingReplicaDeletion' || rows.length > 1) return
  statement(engine.db, `UPDATE keys SET key_state = 'PendingDeletion', deletion_date = ? WHERE region = ? AND key_id = ?`)
    .run(now + (primary.pending_window_days ?? 30) * DAY_MS, primary.region, keyId)
}
