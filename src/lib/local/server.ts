/**
 * `kms local serve`: the protocol handler behind node:http, for the AWS CLI, the SDKs and the
 * Encryption SDK. Loopback only unless asked; keep-alive; a body size cap; bounded concurrency;
 * timeouts for slow clients; no input can take it down; graceful stop.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {randomUUID} from 'node:crypto'
import type {Engine} from './engine/engine.js'
import {sweepDueEvents} from './engine/lifecycle.js'
import {createProtocolHandler} from './handler.js'
import {errorResponse, type WireResponse} from './wire.js'

export const MAX_BODY_BYTES = 1024 * 1024
export const DEFAULT_PORT = 4599

export interface ServeOptions {
  engine: Engine
  host?: string
  port?: number
  /** Called with one line per request; omit for silence. */
  log?: (line: string) => void
  maxInFlight?: number
  /** How often due deletions and rotations are applied (ms); 0 turns the timer off. */
  sweepIntervalMs?: number
}

export interface RunningServer {
  url: string
  server: Server
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>
}

export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const handle = createProtocolHandler(options.engine)
  const maxInFlight = options.maxInFlight ?? 64
  let inFlight = 0

  const server = createServer({keepAlive: true, requestTimeout: 30_000, headersTimeout: 10_000}, (req, res) => {
    const started = process.hrtime.bigint()
    inFlight++
    serve(req, res)
      .catch(() => send(res, errorResponse(randomUUID(), 'KMSInternalException', 'The local KMS failed to process the request.', 500)))
      .finally(() => {
        inFlight--
        if (options.log) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6
          const op = String(req.headers['x-amz-target'] ?? '-').replace(/^TrentService\./, '')
          const error = res.getHeader('x-amzn-errortype')
          options.log(`${new Date().toISOString()} ${req.socket.remoteAddress ?? '-'} ${op} ${res.statusCode}${error ? ` ${String(error).replace(/:$/, '')}` : ''} ${ms.toFixed(1)}ms`)
        }
      })
  })
  server.keepAliveTimeout = 65_000

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID()
    if (inFlight > maxInFlight) return send(res, errorResponse(requestId, 'ThrottlingException', 'Rate exceeded', 400))
    const body = await readBody(req)
    if (body === undefined) {
      send(res, errorResponse(requestId, 'RequestEntityTooLargeException', `Request body is larger than ${MAX_BODY_BYTES} bytes`, 413))
      return
    }
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value
    const url = new URL(req.url ?? '/', 'http://local')
    const query: Record<string, string> = {}
    url.searchParams.forEach((v, k) => (query[k] = v))
    send(res, await handle({method: req.method ?? 'GET', path: url.pathname, query, headers, body, sourceIp: req.socket.remoteAddress}))
  }

  const timer = (options.sweepIntervalMs ?? 60_000) > 0
    ? setInterval(() => sweepAllRegions(options.engine), options.sweepIntervalMs ?? 60_000).unref()
    : undefined

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: () => new Promise<void>(resolve => {
      if (timer) clearInterval(timer)
      server.close(() => resolve())
      server.closeIdleConnections()
    }),
  }
}

/** The body, or undefined when it is over the cap (the rest is drained, not buffered). */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) {
    req.resume()
    return undefined
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) {
      req.resume()
      return undefined
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function send(res: ServerResponse, response: WireResponse): void {
  if (res.headersSent) return
  res.writeHead(response.statusCode, response.headers)
  res.end(response.body)
}

function sweepAllRegions(engine: Engine): void {
  try {
    sweepDueEvents({engine, region: '', caller: {arn: '', accountId: engine.accountId, name: '', principalId: '', accessKeyId: ''}, resources: []})
  } catch (error) {
    process.emitWarning(`local KMS timer: ${(error as Error).message}`)
  }
}
