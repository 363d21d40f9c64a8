/**
 * GET /files/<kind>/<id>/<name>?expires=&sig= — the emulator's file host. Links come from
 * DescribeFileUrls; a missing, forged or expired signature gets 403 with a JSON error.
 */
import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';
import type { Flow } from '../state/types.js';
import { renderFlowPdf, sealSvg } from './stamp.js';
import { checkFileUrl, FILE_KINDS, type FileKind } from './urls.js';
import { zip } from './zip.js';

const REFUSAL = {
  missing: {
    code: 'FILE_URL_UNSIGNED',
    message: 'This file link has no signature; get a fresh link from DescribeFileUrls.',
  },
  invalid: {
    code: 'FILE_URL_INVALID',
    message:
      'This file link has been altered or was not issued by this emulator; get a fresh link from DescribeFileUrls.',
  },
  expired: {
    code: 'FILE_URL_EXPIRED',
    message: 'This file link has expired (UrlTtl); call DescribeFileUrls again for a fresh one.',
  },
} as const;

/** Renders (and caches by version) the PDF of a flow. */
export class FlowPdfCache {
  readonly #cache = new Map<string, { version: string; bytes: Promise<Uint8Array> }>();
  constructor(private readonly ctx: EmulatorContext) {}

  get(flow: Flow): Promise<Uint8Array> {
    const version = `${flow.updatedOn}:${flow.status}:${flow.approvers.map((a) => a.status).join(',')}`;
    const hit = this.#cache.get(flow.FlowId);
    if (hit && hit.version === version) return hit.bytes;
    const source = this.ctx.state.data.files[flow.sourceFileId];
    const bytes = source
      ? renderFlowPdf(source.bytes, flow)
      : Promise.reject(new Error(`source file of flow ${flow.FlowId} is gone`));
    if (this.#cache.size > 200) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(flow.FlowId, { version, bytes });
    return bytes;
  }
}

function pdfResponse(bytes: Uint8Array, name: string, type = 'application/pdf'): Response {
  return new Response(Buffer.from(bytes), {
    headers: {
      'content-type': type,
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'private, no-store',
    },
  });
}

/**
 * JPG pages would need a PDF rasteriser, which the emulator does not ship: the page URL answers
 * with an SVG stand-in that says so (the PDF link has the real content).
 */
function pagePlaceholder(flowName: string, pageIndex: number): Response {
  const text =
    `${flowName} - page ${pageIndex + 1} (image preview not rendered by the emulator; download the PDF)`.replace(
      /[<>&"]/g,
      ' ',
    );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842" viewBox="0 0 595 842"><rect width="595" height="842" fill="#fff" stroke="#999"/><text x="24" y="60" font-size="12" fill="#333">${text}</text></svg>`;
  return new Response(svg, {
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, no-store' },
  });
}

export function fileRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  const pdfs = new FlowPdfCache(ctx);
  app.get('/:kind/:id/:name', async (c) => {
    const kind = c.req.param('kind') as FileKind;
    const id = c.req.param('id');
    const name = c.req.param('name');
    const path = new URL(c.req.url).pathname;
    const refusal = checkFileUrl(
      ctx.config.fileUrlSecret,
      path,
      c.req.query('expires'),
      c.req.query('sig'),
      ctx.clock.now(),
    );
    if (refusal) return c.json({ error: REFUSAL[refusal] }, 403);
    if (!(FILE_KINDS as readonly string[]).includes(kind))
      return c.json({ error: { code: 'FILE_NOT_FOUND', message: `Unknown file kind ${kind}.` } }, 404);
    const state = ctx.state;
    const gone = () =>
      c.json(
        {
          error: {
            code: 'FILE_NOT_FOUND',
            message: `The ${kind.toLowerCase()} ${id} no longer exists (the emulator may have been reset).`,
          },
        },
        404,
      );
    if (kind === 'FLOW' || kind === 'DOCUMENT') {
      const flowOf = (one: string) =>
        kind === 'FLOW' ? state.data.flows[one] : state.data.flows[state.data.documents[one]?.FlowId ?? ''];
      if (name.toUpperCase().endsWith('.ZIP')) {
        // One archive for every id of the DescribeFileUrls call (ids joined by commas in the path).
        const flows = id.split(',').map(flowOf);
        if (flows.some((f) => !f)) return gone();
        const entries = await Promise.all(
          flows.map(async (f) => ({
            name: `${f?.FlowName}-${f?.FlowId}.pdf`,
            bytes: await pdfs.get(f as Flow),
          })),
        );
        return pdfResponse(zip(entries), name, 'application/zip');
      }
      const flow = flowOf(id);
      if (!flow) return gone();
      if (name.toUpperCase().endsWith('.JPG'))
        return pagePlaceholder(flow.FlowName, Number.parseInt(name, 10) || 0);
      return pdfResponse(await pdfs.get(flow), `${flow.FlowName}.pdf`);
    }
    if (kind === 'TEMPLATE') {
      const template = state.data.templates[id];
      const file = template ? state.data.files[template.fileId] : undefined;
      return file ? pdfResponse(file.bytes, `${template?.TemplateName}.pdf`) : gone();
    }
    if (kind === 'SEAL') {
      const seal = state.data.seals[id];
      return seal
        ? new Response(sealSvg(seal.SealName), {
            headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, no-store' },
          })
        : gone();
    }
    const file = state.data.files[id];
    return file ? pdfResponse(file.bytes, file.FileName) : gone();
  });
  return app;
}
