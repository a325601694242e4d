/** Prepared statements cached per database: preparing SQL on every request costs more than running it. */
import type {Statement} from 'better-sqlite3'
import type {Db} from './store.js'

const caches = new WeakMap<Db, Map<string, Statement>>()

export function statement(db: Db, sql: string): Statement {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = new Map()))
  let prepared = cache.get(sql)
  if (!prepared) cache.set(sql, (prepared = db.prepare(sql)))
  return prepared
}
