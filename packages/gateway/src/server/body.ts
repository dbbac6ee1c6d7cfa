/**
 * A request body as text, read only once the caller was admitted, and never past the route's
 * limit: the declared length is checked before a byte is read, and a compressed body (Segment's
 * mobile and server SDKs gzip their batches) is decompressed as a stream that stops at the limit,
 * so a small bomb costs no more memory than a plain body of the limit's size would.
 *
 * raw-body (jshttp, as body-parser uses it) does the limit, the length check and the decoding of
 * characters split across chunks; this module picks the decompressor and words the refusals.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'http'
import type { Readable, Transform } from 'stream'
import * as zlib from 'zlib'
import getRawBody from 'raw-body'
import { FieldError } from 'pinterest-conversions-tools'

// A Map, not an object: the header is the client's, and "constructor" must not find a function.
const DECODERS = new Map<string, () => Transform>([
  ['gzip', zlib.createGunzip],
  ['x-gzip', zlib.createGunzip],
  ['deflate', zlib.createInflate],
  ['br', zlib.createBrotliDecompress]
])

/** Refuses, before anything is read, a body whose encoding is unknown or whose declared length is over `limit`. */
export function checkDeclaredBody(headers: IncomingHttpHeaders, limit: number): void {
  const encoding = contentEncoding(headers)
  if (encoding !== '' && encoding !== 'identity' && !DECODERS.has(encoding)) {
    throw new FieldError(
      `Content-Encoding "${encoding}" is not supported: send the body uncompressed, or as gzip, deflate or br.`,
      'content-encoding',
      415
    )
  }
  // Compressed or not: a body larger on the wire than the limit is larger once inflated too.
  const declared = Number(headers['content-length'] ?? 0)
  if (declared > limit) throw tooLarge(limit)
}

/** The body, decompressed when the client says it compressed it; a FieldError past `limit` decompressed bytes. */
export async function readBody(incoming: IncomingMessage, limit: number): Promise<string> {
  const encoding = contentEncoding(incoming.headers)
  const decoder = DECODERS.get(encoding)
  const source: Readable = decoder ? decompressed(incoming, decoder()) : incoming
  try {
    return await getRawBody(source, {
      limit,
      encoding: 'utf8',
      // Only a plain body's length is the length of what is read.
      length: decoder ? null : incoming.headers['content-length']
    })
  } catch (error) {
    if (source !== incoming) {
      incoming.unpipe()
      source.destroy()
    }
    // Whatever the client still sends is read and dropped, so the answer reaches it.
    incoming.resume()
    throw refusal(error as getRawBody.RawBodyError, encoding, limit)
  }
}

/** `incoming` through `decoder`; a request cut short fails the decoder too, which `pipe` alone would leave waiting. */
function decompressed(incoming: IncomingMessage, decoder: Transform): Transform {
  incoming.once('close', () => {
    if (!incoming.complete) decoder.destroy(Object.assign(new Error('aborted'), { type: 'request.aborted' }))
  })
  return incoming.pipe(decoder)
}

function refusal(error: getRawBody.RawBodyError, encoding: string, limit: number): FieldError {
  switch (error.type) {
    case 'entity.too.large':
      return tooLarge(limit)
    case 'request.aborted':
      return new FieldError('The client closed the request before its body ended.', 'body')
    case 'request.size.invalid':
      return new FieldError('The body is not as long as its Content-Length says.', 'content-length')
    default:
      // zlib's own errors: what it found is useful ("incorrect header check"), where is not.
      return new FieldError(`The request body is not valid ${encoding} data: ${error.message}.`, 'body')
  }
}

function tooLarge(limit: number): FieldError {
  return new FieldError(`The request body is larger than the ${limit} bytes this route reads.`, 'body', 413)
}

function contentEncoding(headers: IncomingHttpHeaders): string {
  return String(headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase()
}
