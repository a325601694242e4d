/**
 * AWS JSON 1.1 on the wire: `POST /`, `X-Amz-Target: TrentService.<Operation>`, blobs as base64,
 * timestamps as epoch seconds, errors as `{"__type", "message"}` with `x-amzn-RequestId`.
 */

export const TARGET_PREFIX = 'TrentService.'
export const CONTENT_TYPE = 'application/x-amz-json-1.1'

export interface WireResponse {
  statusCode: number
  headers: Record<string, string>
  body: Buffer
}

/** JSON with Buffers as base64 and undefined members left out. */
export function serializeOutput(output: Record<string, unknown>): string {
  return JSON.stringify(output, function (key, value) {
    const raw = key === '' ? value : (this as Record<string, unknown>)[key]
    return Buffer.isBuffer(raw) ? raw.toString('base64') : value
  })
}

export function jsonResponse(requestId: string, body: string, statusCode = 200): WireResponse {
  return {
    statusCode,
    headers: {'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId, 'content-length': String(Buffer.byteLength(body))},
    body: Buffer.from(body),
  }
}

/** AWS answers a few exceptions with a capital-M `Message`; SDKs read either. */
const CAPITAL_MESSAGE = new Set(['AccessDeniedException', 'UnsupportedOperationException'])

export function errorResponse(requestId: string, name: string, message: string, statusCode = 400): WireResponse {
  const response = jsonResponse(requestId, JSON.stringify({__type: name, [CAPITAL_MESSAGE.has(name) ? 'Message' : 'message']: message}), statusCode)
  response.headers['x-amzn-errortype'] = `${name}:`
  return response
}
