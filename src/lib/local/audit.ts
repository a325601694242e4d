/**
 * CloudTrail records for every request the local KMS answers (allowed, rejected or failed) and for
 * its own service events (DeleteKey, RotateKey). Same fields and eventNames as AWS writes for
 * KMS (../shared/reference/cloudtrail.md §2); plaintext and ciphertext are never recorded.
 */
import {randomUUID} from 'node:crypto'
import type {Engine, Principal} from './engine/engine.js'
import {statement} from './statements.js'
import {withoutWaitingForDisk} from './store.js'

const EVENT_VERSION = '1.11'

/** Request members AWS never logs. */
const SECRET_MEMBERS = new Set(['Plaintext', 'CiphertextBlob', 'Message', 'Mac', 'Signature', 'EncryptedKeyMaterial', 'ImportToken', 'PublicKey', 'Recipient'])

/** Operations that change nothing: CloudTrail's `readOnly: true`. */
const READ_ONLY = /^(Describe|List|Get|Encrypt$|Decrypt$|ReEncrypt$|GenerateDataKey|GenerateRandom$|GenerateMac$|VerifyMac$|Sign$|Verify$|DeriveSharedSecret$)/

export interface RequestEvent {
  region: string
  eventName: string
  caller?: Principal
  accessKeyId?: string
  input?: Record<string, unknown>
  resources: string[]
  keyMaterialId?: string
  responseElements?: Record<string, unknown> | null
  errorCode?: string
  errorMessage?: string
  requestId: string
  sourceIPAddress: string
  userAgent?: string
}

/** requestParameters: top-level members in camelCase (map contents such as encryption context kept as given). */
export function toRequestParameters(input: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!input) return null
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(input)) {
    if (SECRET_MEMBERS.has(name)) continue
    out[name.charAt(0).toLowerCase() + name.slice(1)] = name === 'Tags' && Array.isArray(value)
      ? value.map(t => ({tagKey: t?.TagKey, tagValue: t?.TagValue}))
      : value
  }
  return out
}

function userIdentity(event: RequestEvent, engine: Engine): Record<string, unknown> {
  if (!event.caller) return {type: 'Unknown', accountId: engine.accountId, ...(event.accessKeyId && {accessKeyId: event.accessKeyId})}
  const {caller} = event
  return {type: 'IAMUser', principalId: caller.principalId, arn: caller.arn, accountId: caller.accountId,
    accessKeyId: caller.accessKeyId, userName: caller.name}
}

function toResources(engine: Engine, arns: string[]) {
  return [...new Set(arns)].map(ARN => ({accountId: engine.accountId, type: 'AWS::KMS::Key', ARN}))
}

export function recordRequestEvent(engine: Engine, event: RequestEvent): void {
  const time = engine.clock()
  const record = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(event, engine),
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'kms.amazonaws.com',
    eventName: event.eventName,
    awsRegion: event.region,
    sourceIPAddress: event.sourceIPAddress,
    userAgent: event.userAgent ?? 'unknown',
    ...(event.errorCode && {errorCode: event.errorCode, errorMessage: event.errorMessage}),
    requestParameters: toRequestParameters(event.input),
    responseElements: event.responseElements ?? null,
    ...(event.keyMaterialId && {additionalEventData: {keyMaterialId: event.keyMaterialId}}),
    requestID: event.requestId,
    eventID: randomUUID(),
    readOnly: READ_ONLY.test(event.eventName),
    ...(event.resources.length > 0 && {resources: toResources(engine, event.resources)}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: engine.accountId,
    eventCategory: 'Management',
  }
  insertRecord(engine, record)
}

export interface ServiceEvent {
  region: string
  eventName: 'DeleteKey' | 'RotateKey' | 'DeleteExpiredKeyMaterial'
  keyArn: string
  details: Record<string, unknown>
}

export function recordServiceEvent(engine: Engine, event: ServiceEvent): void {
  const time = engine.clock()
  insertRecord(engine, {
    eventVersion: EVENT_VERSION,
    userIdentity: {accountId: engine.accountId, invokedBy: 'kms.amazonaws.com'},
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'kms.amazonaws.com',
    eventName: event.eventName,
    awsRegion: event.region,
    sourceIPAddress: 'kms.amazonaws.com',
    userAgent: 'kms.amazonaws.com',
    requestParameters: null,
    responseElements: null,
    eventID: randomUUID(),
    readOnly: false,
    resources: toResources(engine, [event.keyArn]),
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: engine.accountId,
    serviceEventDetails: event.details,
    eventCategory: 'Management',
  })
}

function insertRecord(engine: Engine, record: Record<string, unknown> & {eventID: string; eventTime: string; awsRegion: string; eventName: string}): void {
  withoutWaitingForDisk(engine.db, () => statement(engine.db, 'INSERT INTO events (event_id, event_time, region, event_name, record) VALUES (?, ?, ?, ?, ?)')
    .run(record.eventID, engine.clock().getTime(), record.awsRegion, record.eventName, JSON.stringify(record)))
}

/** Stored records, oldest first, for tests and the audit commands. */
export function readRecords(engine: Engine, region?: string): Record<string, unknown>[] {
  const rows = (region
    ? statement(engine.db, 'SELECT record FROM events WHERE region = ? ORDER BY seq').all(region)
    : statement(engine.db, 'SELECT record FROM events ORDER BY seq').all()) as {record: string}[]
  return rows.map(r => JSON.parse(r.record))
}
