/**
 * A streaming reader for the upload routes' `multipart/form-data` bodies: file parts are collected
 * chunk by chunk as bytes (never as base64 text, never the whole body at once) and the request is
 * refused with 413 `FILE_TOO_LARGE` as soon as a file passes the upload limit (http/upload-limit.ts),
 * without reading the rest. Text parts (a `payload` JSON part, keywords) share a small budget.
 *
 * Hono's `parseBody()` would buffer the whole body, then copy it into a FormData and a File again.
 */
import { BffError } from '../errors.js';
import { fileTooLarge } from './upload-limit.js';

/** One file part: its form field name, the file name the client gave, and its bytes. */
export interface UploadedFile {
  field: string;
  fileName: string;
  bytes: Buffer;
}

/** A read multipart body: its file parts and its text parts (every value of a repeated field). */
export interface MultipartUpload {
  files: UploadedFile[];
  fields: Record<string, string[]>;
}

/** Limits of one multipart body. */
export interface MultipartLimits {
  /** Largest file part, decoded bytes (`limits.uploadBytes`). */
  fileBytes: number;
  /** Most file parts. */
  maxFiles: number;
  /** All text parts and part headers together (`limits.bodyBytes`). */
  fieldBytes: number;
}

/** True for a `multipart/form-data` request (the upload routes take one besides JSON). */
export function isMultipart(c: { req: { header(name: string): string | undefined } }): boolean {
  return /^multipart\/form-data/i.test(c.req.header('content-type') ?? '');
}

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

function unreadable(reason: string): BffError {
  return new BffError('BAD_REQUEST', `The multipart body could not be read: ${reason}`);
}

/** The boundary of a `multipart/form-data` content type, or a 400. */
function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw unreadable('the Content-Type has no boundary');
  return boundary;
}

/** `name` and `filename` of a part's Content-Disposition. */
function disposition(headers: string): { name: string; fileName: string | null } {
  const line = /^content-disposition:\s*form-data(.*)$/im.exec(headers);
  if (!line) throw unreadable('a part has no "Content-Disposition: form-data" header');
  const param = (key: string) => {
    const m = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(line[1]);
    return m ? m[1].replace(/\\(.)/g, '$1') : null;
  };
  const name = param('name');
  if (name === null) throw unreadable('a part has no name');
  return { name, fileName: param('filename') };
}

/** How much of a refused upload is still read (and dropped) so its client can read the 413. */
const DISCARD_BYTES = 64 * 1024 * 1024;

/**
 * Reads what is left of a body (an epilogue, the rest of a refused upload) and drops it, then
 * cancels the stream. Left unread, the stream would stall the connection and the server would cut
 * it before a client that is still sending gets to read the answer.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let dropped = 0;
  try {
    while (dropped <= DISCARD_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      dropped += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing is left to read.
  }
}

/** Reads a `multipart/form-data` request body within `limits`. */
export async function readMultipartUpload(
  request: Request,
  limits: MultipartLimits,
): Promise<MultipartUpload> {
  const delimiter = Buffer.from(`\r\n--${boundaryOf(request.headers.get('content-type') ?? '')}`);
  // A declared length that cannot fit is refused before a byte is read.
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limits.maxFiles * limits.fileBytes + limits.fieldBytes) throw fileTooLarge(limits.fileBytes);
  if (!request.body) throw unreadable('the body is empty');

  const files: UploadedFile[] = [];
  const fields: Record<string, string[]> = {};
  let fieldBytes = 0;
  // The parser's state: before the first boundary, right after a boundary, in a part's headers or body.
  type State = 'preamble' | 'boundary' | 'headers' | 'body' | 'done';
  let state = 'preamble' as State;
  // Unparsed bytes; the body starts with a virtual CRLF so the first boundary looks like the others.
  let pending: Buffer = Buffer.from('\r\n');
  let part: { name: string; fileName: string | null; chunks: Buffer[]; size: number } | null = null;

  const addToPart = (bytes: Buffer) => {
    if (!part || bytes.length === 0) return;
    part.size += bytes.length;
    if (part.fileName !== null) {
      if (part.size > limits.fileBytes) throw fileTooLarge(limits.fileBytes);
    } else {
      fieldBytes += bytes.length;
      if (fieldBytes > limits.fieldBytes)
        throw new BffError(
          'BODY_TOO_LARGE',
          `The form's text parts are larger than ${limits.fieldBytes} bytes`,
        );
    }
    part.chunks.push(bytes);
  };
  const endPart = () => {
    if (!part) return;
    const bytes = part.chunks.length === 1 ? part.chunks[0] : Buffer.concat(part.chunks);
    if (part.fileName !== null) {
      if (files.length >= limits.maxFiles)
        throw new BffError('VALIDATION_FAILED', `At most ${limits.maxFiles} file part(s) may be sent`);
      files.push({ field: part.name, fileName: part.fileName, bytes });
    } else {
      fields[part.name] = [...(fields[part.name] ?? []), bytes.toString('utf8')];
    }
    part = null;
  };

  /** Consumes what `pending` allows; returns when more bytes are needed. */
  const parse = () => {
    for (;;) {
      if (state === 'preamble' || state === 'body') {
        const at = pending.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that may hold the start of a delimiter; the rest is part content.
          const safe = Math.max(0, pending.length - delimiter.length + 1);
          if (state === 'body') addToPart(pending.subarray(0, safe));
          pending = pending.subarray(safe);
          return;
        }
        if (state === 'body') {
          addToPart(pending.subarray(0, at));
          endPart();
        }
        pending = pending.subarray(at + delimiter.length);
        state = 'boundary';
      } else if (state === 'boundary') {
        if (pending.length < 2) return;
        const mark = pending.toString('latin1', 0, 2);
        if (mark === '--') {
          state = 'done';
          return;
        }
        if (mark !== '\r\n') throw unreadable('a boundary is not followed by a line break');
        pending = pending.subarray(2);
        state = 'headers';
      } else if (state === 'headers') {
        const end = pending.indexOf(CRLF_CRLF);
        if (end < 0) {
          if (pending.length > MAX_HEADER_BYTES) throw unreadable('a part header is too long');
          return;
        }
        const headers = pending.toString('utf8', 0, end);
        fieldBytes += end;
        const { name, fileName } = disposition(headers);
        part = { name, fileName, chunks: [], size: 0 };
        pending = pending.subarray(end + CRLF_CRLF.length);
        state = 'body';
      } else {
        return;
      }
    }
  };

  const reader = request.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Only the small unparsed tail is copied together with the new chunk.
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      parse();
      if (state === 'done') break;
    }
  } catch (error) {
    if (error instanceof BffError) throw error;
    throw unreadable('the upload was interrupted');
  } finally {
    void discardRest(reader);
  }
  if (state !== 'done') throw unreadable('the body ends before its closing boundary');
  return { files, fields };
}
