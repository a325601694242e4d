/**
 * The protocol handler: the one implementation of the local KMS. A signed HTTP request in, an HTTP
 * response out. The in-process backend hands it the SDK's requests directly; `kms local serve`
 * puts it behind node:http. Every request it answers is recorded in the audit trail.
 */
import {randomUUID} from 'node:crypto'
import {recordRequestEvent} from './audit.js'
import type {Engine, Principal, RequestContext} from './engine/engine.js'
import {lookupAccessKey} from './engine/identity.js'
import {isServedRegion} from './regions.js'
import {AWS_OPERATIONS, operations, preparations} from './ops/index.js'
import {ServiceError} from './service-error.js'
import {verifySignature, type SignedRequest} from './sigv4.js'
import {requireObject} from './validate.js'
import {TARGET_PREFIX, errorResponse, jsonResponse, serializeOutput, type WireResponse} from './wire.js'

export interface HandlerRequest extends SignedRequest {
  sourceIp?: string
}

export type ProtocolHandler = (request: HandlerRequest) => Promise<WireResponse>

const DEFAULT_REGION = 'us-east-1'
const KNOWN = new Set<string>(AWS_OPERATIONS)

export function createProtocolHandler(engine: Engine): ProtocolHandler {
  const secrets = new Map<string, {principal: Principal; secret: string; until: number}>()
  /** Access keys are cached for a few seconds: deleting a user takes effect within that time. */
  function findAccessKey(accessKeyId: string) {
    const now = Date.now()
    let hit = secrets.get(accessKeyId)
    if (!hit || hit.until < now) {
      const found = lookupAccessKey(engine, accessKeyId)
      if (!found) return undefined
      if (secrets.size > 1024) secrets.clear()
      hit = {...found, until: now + 5000}
      secrets.set(accessKeyId, hit)
    }
    return hit
  }

  return async request => {
    const requestId = randomUUID()
    const target = request.headers['x-amz-target'] ?? ''
    const eventName = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target
    let region = DEFAULT_REGION
    let caller: Principal | undefined
    let input: Record<string, unknown> | undefined
    const ctx = {engine, resources: [] as string[]} as {-readonly [K in keyof RequestContext]: RequestContext[K]}
    try {
      if (request.method !== 'POST') throw new ServiceError('UnknownOperationException', 'The local KMS answers POST / requests only.', 404)
      const credential = await verifySignature(request, engine.clock(), id => findAccessKey(id)?.secret)
      region = credential.region
      if (!isServedRegion(engine, region)) throw new ServiceError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`)
      caller = findAccessKey(credential.accessKeyId)!.principal
      if (!target.startsWith(TARGET_PREFIX) || !KNOWN.has(eventName)) throw new ServiceError('UnknownOperationException', '')
      input = parseBody(request.body)
      const operation = operations[eventName]
      if (!operation) throw new ServiceError('UnsupportedOperationException', `The local KMS does not implement ${eventName} yet.`)
      Object.assign(ctx, {region, caller})
      await preparations[eventName]?.()
      const output = operation(ctx as RequestContext, input)
      record(engine, {request, region, eventName, caller, input, ctx, requestId})
      const body = serializeOutput(output)
      // Plaintext, data keys and private keys leave only as the response text: zero the buffers.
      for (const value of Object.values(output)) if (Buffer.isBuffer(value)) value.fill(0)
      return jsonResponse(requestId, body)
    } catch (error) {
      const {name, message, status} = error instanceof ServiceError
        ? error
        : new ServiceError('KMSInternalException', 'The local KMS failed to process the request.', 500)
      if (!(error instanceof ServiceError)) process.emitWarning(`local KMS internal error in ${eventName}: ${(error as Error).stack}`)
      record(engine, {request, region, eventName: eventName || 'Unknown', caller, input, ctx, requestId, errorCode: name, errorMessage: message})
      return errorResponse(requestId, name, message, status)
    }
  }
}

function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new ServiceError('SerializationException', 'Start of structure or map found where not expected.')
  }
  return requireObject(parsed, 'request')
}

interface RecordArgs {
  request: HandlerRequest
  region: string
  eventName: string
  caller?: Principal
  input?: Record<string, unknown>
  ctx: Partial<RequestContext>
  requestId: string
  errorCode?: string
  errorMessage?: string
}

function record(engine: Engine, args: RecordArgs): void {
  try {
    recordRequestEvent(engine, {
      region: args.region,
      eventName: args.eventName,
      caller: args.caller,
      accessKeyId: args.caller ? undefined : /Credential=([^/]+)/.exec(args.request.headers.authorization ?? '')?.[1],
      input: args.input,
      resources: args.ctx.resources ?? [],
      keyMaterialId: args.errorCode ? undefined : args.ctx.keyMaterialId,
      responseElements: args.errorCode ? null : args.ctx.responseElements,
      errorCode: args.errorCode,
      errorMessage: args.errorMessage,
      requestId: args.requestId,
      sourceIPAddress: args.request.sourceIp ?? '127.0.0.1',
      userAgent: args.request.headers['user-agent'],
    })
  } catch (error) {
    process.emitWarning(`local KMS could not record an audit event: ${(error as Error).message}`)
  }
}
