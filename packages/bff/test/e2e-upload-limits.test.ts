/**
 * The upload limit over HTTP, against the real BFF and emulator: one file-size limit
 * (`BFF_UPLOAD_MAX_BYTES`) for a PDF in base64 JSON and a multipart file part alike; a file at the
 * limit goes through to ESS, a byte more is 413 `FILE_TOO_LARGE` naming the limit in MB and the
 * variable; a multipart upload is refused while it is still being sent, not after the BFF held it.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b2cFileApprovers, CONTRACT_PDF, type Stack, startStack, TEST_SECRETS } from './harness.js';

/** 256 KiB: small enough for a quick test, and not a multiple of 3 (base64 padding matters). */
const LIMIT = 256 * 1024;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ limits: { bodyBytes: 64 * 1024 } }, { BFF_UPLOAD_MAX_BYTES: String(LIMIT) });
});
afterAll(async () => {
  await stack?.close();
});

/** The emulator's contract PDF padded with PDF comment lines after %%EOF to exactly `size` bytes. */
function pdfOfSize(size: number): Buffer {
  const padding = size - CONTRACT_PDF.length;
  if (padding < 4) throw new Error('size is below the sample PDF');
  const lines: string[] = [];
  let left = padding;
  while (left > 0) {
    const line = Math.min(left, 1000);
    lines.push(line === 1 ? '\n' : `%${'x'.repeat(line - 2)}\n`);
    left -= line;
  }
  const pdf = Buffer.concat([CONTRACT_PDF, Buffer.from(lines.join(''), 'latin1')]);
  expect(pdf.length).toBe(size);
  return pdf;
}

const byFileJson = (pdf: Buffer) => ({
  FlowName: '上传上限',
  File: { Name: 'limit.pdf', ContentBase64: pdf.toString('base64') },
  Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
});

function byFileForm(pdf: Buffer): FormData {
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'limit.pdf');
  form.set(
    'payload',
    JSON.stringify({
      FlowName: '上传上限',
      Approvers: b2cFileApprovers(stack.seed.organization.OrganizationName),
    }),
  );
  return form;
}

/** A JSON POST on a connection of its own (`agent: false`), read whole. */
function postOnNewConnection(
  path: string,
  body: string,
): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`${stack.bffUrl}${path}`),
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${TEST_SECRETS.partnerKey}`, 'content-type': 'application/json' },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString()) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function expectFileTooLarge(res: { status: number; body: { error: { code: string; message: string } } }) {
  expect(res.status).toBe(413);
  expect(res.body.error.code).toBe('FILE_TOO_LARGE');
  expect(res.body.error.message).toContain('0.25 MB');
  expect(res.body.error.message).toContain('BFF_UPLOAD_MAX_BYTES');
}

describe('upload limit (BFF_UPLOAD_MAX_BYTES)', () => {
  it('takes a PDF of exactly the limit in base64 JSON, and creates the flow', async () => {
    const res = await stack.call('/v1/flows/by-file', { json: byFileJson(pdfOfSize(LIMIT)) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.FlowId).toMatch(/^yD/);
  });

  it('refuses a PDF one byte over the limit in base64 JSON with 413 FILE_TOO_LARGE', async () => {
    // Its base64 is as long as the limit's (padding): the decoded size decides, not the body length.
    expectFileTooLarge(await stack.call('/v1/flows/by-file', { json: byFileJson(pdfOfSize(LIMIT + 1)) }));
    // Far over: the derived body limit refuses it by its Content-Length, before reading it, with the
    // same answer. (On its own connection: @hono/node-server cuts a kept-alive connection whose
    // refused body it did not read, which would fail the next test's request on a pooled socket.)
    expectFileTooLarge(
      await postOnNewConnection('/v1/flows/by-file', JSON.stringify(byFileJson(pdfOfSize(3 * LIMIT)))),
    );
  });

  it('takes a PDF of exactly the limit as a multipart file part', async () => {
    const res = await stack.call('/v1/flows/by-file', { method: 'POST', body: byFileForm(pdfOfSize(LIMIT)) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.FlowId).toMatch(/^yD/);
  });

  it('refuses a multipart file one byte over the limit with 413 FILE_TOO_LARGE', async () => {
    expectFileTooLarge(
      await stack.call('/v1/flows/by-file', { method: 'POST', body: byFileForm(pdfOfSize(LIMIT + 1)) }),
    );
  });

  it('holds the other upload routes to the same file limit (keyword positions, the UploadFiles proxy)', async () => {
    const big = pdfOfSize(LIMIT + 1);
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(big)], { type: 'application/pdf' }), 'big.pdf');
    form.append('keywords', '甲方');
    expectFileTooLarge(await stack.call('/v1/pdf/keyword-positions', { method: 'POST', body: form }));
    expectFileTooLarge(
      await stack.call('/v1/pdf/keyword-positions', {
        json: { File: { ContentBase64: big.toString('base64') }, Keywords: ['甲方'] },
      }),
    );
    expectFileTooLarge(
      await stack.call('/v1/ess/UploadFiles', {
        json: {
          BusinessType: 'DOCUMENT',
          FileInfos: [{ FileBody: big.toString('base64'), FileName: 'big.pdf' }],
        },
      }),
    );
    // At the limit, multipart UploadFiles reaches ESS (the emulator) and gets a FileId back.
    const upload = new FormData();
    upload.set('file', new Blob([new Uint8Array(pdfOfSize(LIMIT))], { type: 'application/pdf' }), 'ok.pdf');
    upload.set('payload', JSON.stringify({ BusinessType: 'DOCUMENT', FileType: 'PDF' }));
    const ok = await stack.call('/v1/ess/UploadFiles', { method: 'POST', body: upload });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.Response.FileIds).toHaveLength(1);
  });

  it('refuses a streamed multipart upload while it is still being sent (no 64 MB held first)', async () => {
    const url = new URL(`${stack.bffUrl}/v1/flows/by-file`);
    const boundary = 'ess-kit-upload-limit-test';
    const planned = 64 * 1024 * 1024;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n%PDF-1.7\n',
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const outcome = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      // Chunked: no Content-Length, so only reading the stream can tell the file is too large.
      const req = request(
        url,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${TEST_SECRETS.partnerKey}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          answered = true;
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), sent });
            req.destroy();
          });
        },
      );
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      req.write(head);
      const pump = () => {
        while (!answered && sent < planned) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body).error.code).toBe('FILE_TOO_LARGE');
    // The answer came while the upload was still going: far less than the planned 64 MB was sent.
    expect(outcome.sent).toBeLessThan(planned / 4);
  });

  it('documents the multipart form and the file limit of every upload route in /openapi.json', async () => {
    const doc = await stack.call('/openapi.json', { key: null });
    for (const route of ['/v1/flows/by-file', '/v1/pdf/keyword-positions', '/v1/ess/{action}']) {
      const post = doc.body.paths[route].post;
      expect(post.requestBody.content['multipart/form-data'].schema.properties.file.format, route).toBe(
        'binary',
      );
      expect(post.summary, route).toContain('BFF_UPLOAD_MAX_BYTES');
      expect(post.summary, route).toContain('FILE_TOO_LARGE');
    }
  });

  it('refuses a limit above ESS own 60 MB at start-up: exit 78 naming BFF_UPLOAD_MAX_BYTES', () => {
    const bin = path.resolve(import.meta.dirname, '../bin/ess-bff.mjs');
    const run = spawnSync(process.execPath, [bin, '--check'], {
      env: { PATH: process.env.PATH ?? '', BFF_UPLOAD_MAX_BYTES: String(60 * 1024 * 1024 + 1) },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(78);
    expect(run.stdout + run.stderr).toContain('BFF_UPLOAD_MAX_BYTES');
    expect(run.stdout + run.stderr).toContain('62914560');
    const ok = spawnSync(process.execPath, [bin, '--check'], {
      env: { PATH: process.env.PATH ?? '', BFF_UPLOAD_MAX_BYTES: String(60 * 1024 * 1024) },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
  });
});
