/**
 * The SDK side of the in-process backend: an HttpHandler that gives the signed request to the
 * protocol handler instead of a socket, and returns its response to the SDK's deserializers.
 */
import {HttpResponse, type HttpRequest} from '@smithy/core/transport'
import type {HttpHandler, HttpHandlerOptions} from '@smithy/core/protocols'
import type {ProtocolHandler} from './handler.js'

export class InProcessRequestHandler implements HttpHandler<Record<string, never>> {
  constructor(private readonly handler: ProtocolHandler) {}

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{response: HttpResponse}> {
    if (options?.abortSignal?.aborted) throw Object.assign(new Error('Request aborted'), {name: 'AbortError'})
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value
    const body = request.body === undefined ? Buffer.alloc(0)
      : typeof request.body === 'string' ? Buffer.from(request.body)
      // A view on the same bytes: Buffer.from(body) would call the SDK body's valueOf() and decode it to a string.
      : Buffer.from((request.body as Uint8Array).buffer, (request.body as Uint8Array).byteOffset, (request.body as Uint8Array).byteLength)
    const reply = await this.handler({method: request.method, path: request.path, query: request.query as Record<string, string>, headers, body})
    return {response: new HttpResponse({statusCode: reply.statusCode, headers: reply.headers, body: reply.body})}
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {}
  }
}
