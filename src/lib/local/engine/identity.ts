/**
 * Local identity: IAM-style users in the local account, each with access keys whose secrets are
 * sealed in the store. The admin user and its access key are created on first use.
 */
import {randomBytes} from 'node:crypto'
import {KmsError, ExitCode} from '../../errors.js'
import {immediate} from '../store.js'
import type {Engine, Principal} from './engine.js'
import {statement} from '../statements.js'

export const ADMIN_USER = 'admin'

export interface AccessKey {
  AccessKeyId: string
  SecretAccessKey: string
}

export interface LocalUser {
  UserName: string
  Arn: string
  UserId: string
  CreateDate: string
  AccessKeyIds: string[]
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const randomId = (prefix: string, length: number) =>
  prefix + [...randomBytes(length)].map(b => BASE32[b & 31]).join('')

const userArn = (engine: Engine, name: string) => `arn:aws:iam::${engine.accountId}:user/${name}`

export function checkUserName(name: string): void {
  if (!/^[\w+=,.@-]{1,64}$/.test(name)) {
    throw new KmsError('ValidationException', `invalid user name '${name}'`, {hint: 'use 1–64 letters, digits and +=,.@_-'})
  }
}

/** Creates a user and one access key for it; fails if the user exists. */
export function createUser(engine: Engine, name: string): AccessKey & {Arn: string} {
  checkUserName(name)
  return immediate(engine.db, () => {
    const arn = userArn(engine, name)
    if (statement(engine.db, 'SELECT 1 FROM principals WHERE arn = ?').get(arn)) {
      throw new KmsError('AlreadyExistsException', `user '${name}' already exists`)
    }
    statement(engine.db, 'INSERT INTO principals (arn, account_id, name, principal_id, created) VALUES (?, ?, ?, ?, ?)')
      .run(arn, engine.accountId, name, randomId('AIDA', 17), engine.clock().getTime())
    return {...addAccessKey(engine, arn), Arn: arn}
  })
}

function addAccessKey(engine: Engine, arn: string): AccessKey {
  const AccessKeyId = randomId('AKIA', 16)
  const SecretAccessKey = randomBytes(30).toString('base64')
  statement(engine.db, 'INSERT INTO access_keys (access_key_id, principal_arn, sealed_secret, created) VALUES (?, ?, ?, ?)')
    .run(AccessKeyId, arn, engine.sealer.seal(Buffer.from(SecretAccessKey), `secret:${AccessKeyId}`), engine.clock().getTime())
  return {AccessKeyId, SecretAccessKey}
}

/** The admin's access key, creating the admin on first use. */
export function ensureAdmin(engine: Engine): AccessKey {
  return immediate(engine.db, () => {
    const row = statement(engine.db, `SELECT access_key_id FROM access_keys WHERE principal_arn = ? ORDER BY created LIMIT 1`)
      .get(userArn(engine, ADMIN_USER)) as {access_key_id: string} | undefined
    if (!row) return createUser(engine, ADMIN_USER)
    const found = lookupAccessKey(engine, row.access_key_id)!
    return {AccessKeyId: row.access_key_id, SecretAccessKey: found.secret}
  })
}

/** The principal and secret behind an access key ID, or undefined when no such key exists. */
export function lookupAccessKey(engine: Engine, accessKeyId: string): {principal: Principal; secret: string} | undefined {
  const row = statement(engine.db, `SELECT k.sealed_secret, p.arn, p.account_id, p.name, p.principal_id
    FROM access_keys k JOIN principals p ON p.arn = k.principal_arn WHERE k.access_key_id = ?`).get(accessKeyId) as
    {sealed_secret: Buffer; arn: string; account_id: string; name: string; principal_id: string} | undefined
  if (!row) return undefined
  return {
    principal: {arn: row.arn, accountId: row.account_id, name: row.name, principalId: row.principal_id, accessKeyId},
    secret: engine.sealer.unseal(row.sealed_secret, `secret:${accessKeyId}`).toString(),
  }
}

export function listUsers(engine: Engine): LocalUser[] {
  const rows = statement(engine.db, `SELECT p.arn, p.name, p.principal_id, p.created, group_concat(k.access_key_id) AS keys
    FROM principals p LEFT JOIN access_keys k ON k.principal_arn = p.arn GROUP BY p.arn ORDER BY p.created`).all() as
    {arn: string; name: string; principal_id: string; created: number; keys: string | null}[]
  return rows.map(r => ({UserName: r.name, Arn: r.arn, UserId: r.principal_id, CreateDate: new Date(r.created).toISOString(),
    AccessKeyIds: r.keys ? r.keys.split(',') : []}))
}

export function deleteUser(engine: Engine, name: string): void {
  if (name === ADMIN_USER) {
    throw new KmsError('ValidationException', 'the admin user cannot be deleted', {exitCode: ExitCode.Usage})
  }
  const {changes} = statement(engine.db, 'DELETE FROM principals WHERE arn = ?').run(userArn(engine, name))
  if (changes === 0) throw new KmsError('NotFoundException', `no local user named '${name}'`, {hint: 'list them: kms local users list'})
}
