/**
 * KMS keys in the store: rows ⇄ KeyMetadata, resolving key identifiers (key ID, key ARN, alias
 * name, alias ARN) within the request's Region, and the state gates every operation goes through.
 */
import {notFound, invalidState, ServiceError} from '../service-error.js'
import type {Engine, RequestContext} from './engine.js'
import {algorithmsOf} from './key-specs.js'
import {sweepDueEvents} from './lifecycle.js'
import {statement} from '../statements.js'

export interface KeyRow {
  region: string
  key_id: string
  account_id: string
  arn: string
  created: number
  description: string
  key_usage: string
  key_spec: string
  origin: string
  key_state: string
  deletion_date: number | null
  pending_window_days: number | null
  policy: string
  multi_region: number
  current_material_id: string | null
  valid_to: number | null
  expiration_model: string | null
  rotation_period_days: number | null
  next_rotation: number | null
  /** The primary's Region for a multi-Region key, null otherwise. */
  primary_region: string | null
}

export const keyArn = (ctx: RequestContext, keyId: string) => `arn:aws:kms:${ctx.region}:${ctx.engine.accountId}:key/${keyId}`
export const aliasArn = (ctx: RequestContext, name: string) => `arn:aws:kms:${ctx.region}:${ctx.engine.accountId}:${name}`

const ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key\/.+|alias\/.+)$/

/** What an identifier names, without looking it up: a key ID or an alias name, with the ARN's Region and account checked. */
function parseIdentifier(ctx: RequestContext, identifier: string): {keyId?: string; alias?: string} {
  const arn = ARN.exec(identifier)
  if (arn) {
    if (arn[1] !== ctx.region || arn[2] !== ctx.engine.accountId) return {}
    return arn[3].startsWith('key/') ? {keyId: arn[3].slice(4)} : {alias: arn[3]}
  }
  if (identifier.startsWith('arn:')) throw new ServiceError('InvalidArnException', `ARN '${identifier}' is not a valid KMS ARN`)
  return identifier.startsWith('alias/') ? {alias: identifier} : {keyId: identifier}
}

export interface ResolveOptions {
  /** AWS accepts aliases for this parameter (DescribeKey, Encrypt, …); otherwise only key ID or ARN. */
  allowAlias?: boolean
}

/** Finds the key an identifier names in the request's Region, or throws NotFoundException as AWS words it. */
export function resolveKey(ctx: RequestContext, identifier: string, options: ResolveOptions = {}): KeyRow {
  sweepDueEvents(ctx)
  const {keyId, alias} = parseIdentifier(ctx, identifier)
  let id = keyId
  if (alias !== undefined) {
    if (!options.allowAlias) throw notFound(`Invalid keyId '${identifier}'`)
    const row = statement(ctx.engine.db, 'SELECT target_key_id FROM aliases WHERE region = ? AND alias_name = ?')
      .get(ctx.region, alias) as {target_key_id: string} | undefined
    if (!row) throw notFound(`Alias '${aliasArn(ctx, alias)}' is not found.`)
    id = row.target_key_id
  }
  const key = id === undefined ? undefined : findKey(ctx, id)
  if (!key) {
    if (id !== undefined && !/^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.test(id)) {
      throw notFound(`Invalid keyId '${identifier}'`)
    }
    throw notFound(`Key '${id === undefined ? identifier : keyArn(ctx, id)}' does not exist`)
  }
  ctx.resources.push(key.arn)
  return key
}

export function findKey(ctx: RequestContext, keyId: string): KeyRow | undefined {
  return statement(ctx.engine.db, 'SELECT * FROM keys WHERE region = ? AND key_id = ?').get(ctx.region, keyId) as KeyRow | undefined
}

/** The gate for cryptographic use: the key must be Enabled and have the usage the operation needs. */
export function requireUsable(key: KeyRow, usage: string): void {
  requireNotPending(key)
  if (key.key_state === 'Disabled') throw new ServiceError('DisabledException', `${key.arn} is disabled.`)
  if (key.key_state !== 'Enabled') throw invalidState(`${key.arn} is ${describeState(key.key_state)}.`)
  if (key.key_usage !== usage) {
    throw new ServiceError('InvalidKeyUsageException', `${key.arn} key usage is ${key.key_usage} which is not valid for this operation.`)
  }
}

/** The gate for management operations that AWS refuses while a key waits for deletion or import. */
export function requireNotPending(key: KeyRow): void {
  if (key.key_state === 'PendingDeletion' || key.key_state === 'PendingReplicaDeletion') {
    throw invalidState(`${key.arn} is pending deletion.`)
  }
}

const describeState = (state: string) =>
  ({PendingImport: 'pending import', Unavailable: 'unavailable', Creating: 'being created', Updating: 'being updated'})[state] ?? state

/** MultiRegionConfiguration: the primary and every replica, from the rows that share the key ID. */
function multiRegionConfiguration(engine: Engine, key: KeyRow): Record<string, unknown> {
  const rows = statement(engine.db, 'SELECT region, arn FROM keys WHERE key_id = ? ORDER BY region').all(key.key_id) as {region: string; arn: string}[]
  const primary = rows.find(r => r.region === key.primary_region)
  return {
    MultiRegionKeyType: key.region === key.primary_region ? 'PRIMARY' : 'REPLICA',
    ...(primary && {PrimaryKey: {Arn: primary.arn, Region: primary.region}}),
    ReplicaKeys: rows.filter(r => r.region !== key.primary_region).map(r => ({Arn: r.arn, Region: r.region})),
  }
}

/** The KeyMetadata structure AWS returns from CreateKey and DescribeKey. */
export function toKeyMetadata(key: KeyRow, engine?: Engine): Record<string, unknown> {
  const symmetric = key.key_spec === 'SYMMETRIC_DEFAULT'
  return {
    AWSAccountId: key.account_id,
    KeyId: key.key_id,
    Arn: key.arn,
    CreationDate: key.created / 1000,
    Enabled: key.key_state === 'Enabled',
    Description: key.description,
    KeyUsage: key.key_usage,
    KeyState: key.key_state,
    ...(key.deletion_date !== null && {DeletionDate: key.deletion_date / 1000}),
    ...(key.valid_to !== null && {ValidTo: key.valid_to / 1000}),
    Origin: key.origin,
    ...(key.expiration_model !== null && {ExpirationModel: key.expiration_model}),
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.key_spec,
    KeySpec: key.key_spec,
    ...algorithmsOf(key.key_spec, key.key_usage),
    MultiRegion: key.multi_region === 1,
    ...(key.multi_region === 1 && engine && {MultiRegionConfiguration: multiRegionConfiguration(engine, key)}),
    ...(key.pending_window_days !== null && key.key_state.startsWith('Pending') && key.key_state !== 'PendingImport' && {PendingDeletionWindowInDays: key.pending_window_days}),
    ...(symmetric && key.current_material_id !== null && {CurrentKeyMaterialId: key.current_material_id}),
  }
}

