/** File host actions: UploadFiles (base64 bodies or FileUrls) and DescribeFileUrls. */
import type { EmulatorContext } from '../context.js';
import { readLayout } from '../files/locate.js';
import { type FileKind, filePath, signedFileUrl } from '../files/urls.js';
import { EmulatorError } from '../state/errors.js';
import type { GrantFamily } from '../state/types.js';
import { type ActionHandler, page, resolveActor } from './common.js';

const UPLOAD_TYPES = ['TEMPLATE', 'DOCUMENT', 'SEAL', 'ARCHIVE', 'BUSINESSLICENSE'];
const MB = 1024 * 1024;

interface UploadBody {
  BusinessType: string;
  Caller?: { OperatorId?: string };
  Operator?: { UserId?: string };
  Agent?: { ProxyOrganizationId?: string };
  FileInfos?: Array<{ FileBody: string; FileName?: string }>;
  FileUrls?: string;
  FileType?: string;
}

function kindOf(bytes: Uint8Array): 'pdf' | 'png' | 'jpg' | 'other' {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.toString('latin1').startsWith('%PDF-')) return 'pdf';
  if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') return 'png';
  if (head[0] === 0xff && head[1] === 0xd8) return 'jpg';
  return 'other';
}

function decodeBody(body: string, at: string): Uint8Array {
  if (/^data:/i.test(body.trimStart())) {
    throw new EmulatorError(
      'InvalidParameter',
      `${at}.FileBody starts with a data-URL header ("data:...;base64,"): send the bare base64 of the file — strip everything up to and including the comma.`,
    );
  }
  const compact = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new EmulatorError('InvalidParameter', `${at}.FileBody is not valid base64.`);
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

async function download(url: string): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(url))
    throw new EmulatorError('InvalidParameterValue', 'FileUrls must be an http(s) URL.');
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new EmulatorError(
      'FailedOperation',
      `Could not download FileUrls (${(error as Error).message}); the emulator fetches the URL itself, so it must be reachable from it.`,
    );
  }
}

export const UploadFiles: ActionHandler = async ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: UploadBody;
}) => {
  const actor = resolveActor(
    ctx,
    body.Caller?.OperatorId ?? body.Operator?.UserId,
    body.Agent,
    'contracts',
    'Caller.OperatorId',
  );
  if (!UPLOAD_TYPES.includes(body.BusinessType))
    throw new EmulatorError(
      'InvalidParameterValue',
      `BusinessType must be one of ${UPLOAD_TYPES.join(', ')}.`,
    );
  const hasInfos = (body.FileInfos?.length ?? 0) > 0;
  if (hasInfos && body.FileUrls)
    throw new EmulatorError('InvalidParameter', 'Give exactly one of FileInfos or FileUrls, not both.');
  if (!hasInfos && !body.FileUrls)
    throw new EmulatorError(
      'MissingParameter',
      '缺少参数: FileInfos (base64 FileBody + FileName) or FileUrls is required.',
    );
  if ((body.FileInfos?.length ?? 0) > 20)
    throw new EmulatorError('LimitExceeded', 'At most 20 files per UploadFiles call.');
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
  if (hasInfos) {
    for (const [i, info] of (body.FileInfos ?? []).entries()) {
      if (info.FileName && [...info.FileName].length > 200)
        throw new EmulatorError(
          'InvalidParameter',
          `FileInfos[${i}].FileName is longer than 200 characters.`,
        );
      files.push({
        name: info.FileName ?? `file${i + 1}.pdf`,
        bytes: decodeBody(info.FileBody, `FileInfos[${i}]`),
      });
    }
  } else {
    const url = String(body.FileUrls);
    files.push({
      name: decodeURIComponent(new URL(url).pathname.split('/').pop() || 'file.pdf'),
      bytes: await download(url),
    });
  }
  for (const [i, file] of files.entries()) {
    const kind = kindOf(file.bytes);
    const limit = kind === 'png' || kind === 'jpg' ? 5 * MB : 60 * MB;
    if (file.bytes.length === 0) throw new EmulatorError('InvalidParameter', `File ${i} is empty.`);
    if (file.bytes.length > limit)
      throw new EmulatorError('LimitExceeded', `File ${i} is larger than ${limit / MB} MB.`);
    if (/\.pdf$/i.test(file.name) && kind !== 'pdf')
      throw new EmulatorError(
        'InvalidParameter',
        `File ${i} (${file.name}) is named .pdf but its content is not a PDF.`,
      );
    if (kind === 'pdf') {
      try {
        await readLayout(file.bytes);
      } catch {
        throw new EmulatorError(
          'InvalidParameter',
          `File ${i} (${file.name}) starts like a PDF but cannot be read; upload an intact PDF.`,
        );
      }
    }
    if (body.BusinessType === 'SEAL' && kind !== 'png' && kind !== 'jpg')
      throw new EmulatorError('InvalidParameter', 'BusinessType SEAL takes jpg/png images.');
  }
  const stored = files.map((f) =>
    ctx.state.addFile(actor.org.OrganizationId, f.name, f.bytes, body.BusinessType),
  );
  return { FileIds: stored.map((f) => f.FileId), TotalCount: stored.length, Deadline: stored[0].deadline };
};

interface FileUrlsBody {
  Operator?: { UserId?: string };
  Agent?: { ProxyOrganizationId?: string };
  BusinessType: string;
  BusinessIds: string[];
  FileName?: string;
  FileType?: string;
  Offset?: number;
  Limit?: number;
  UrlTtl?: number;
}

const FAMILY: Record<string, GrantFamily> = {
  FLOW: 'contracts',
  DOCUMENT: 'contracts',
  TEMPLATE: 'templates',
  SEAL: 'seals',
};

export const DescribeFileUrls: ActionHandler = async ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: FileUrlsBody;
}) => {
  // The schema refuses other values (answered as InvalidParameter.BusinessType, documented-codes.ts).
  const kind = body.BusinessType as FileKind;
  if (!FAMILY[kind])
    throw new EmulatorError(
      'InvalidParameter.BusinessType',
      `BusinessType ${kind} is not available in the emulator (FLOW, DOCUMENT, TEMPLATE and SEAL are).`,
    );
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, FAMILY[kind]);
  const ids = body.BusinessIds;
  if (ids.length === 0)
    throw new EmulatorError('MissingParameter', '缺少参数: BusinessIds needs at least one id.');
  if (ids.length > 20)
    throw new EmulatorError('InvalidParameter.BusinessId', 'BusinessIds takes at most 20 ids.');
  const fileType = (body.FileType ?? 'PDF').toUpperCase();
  if (!['PDF', 'JPG', 'ZIP'].includes(fileType))
    throw new EmulatorError('InvalidParameter.ParamError', 'FileType must be PDF, JPG or ZIP.');
  if (body.FileName && [...body.FileName].length > 200)
    throw new EmulatorError('InvalidParameter.ParamError', 'FileName is limited to 200 characters.');
  const ttl = body.UrlTtl ?? 0;
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > 86_400)
    throw new EmulatorError('InvalidParameterValue', 'UrlTtl must be 0 (default 300 s) to 86400 seconds.');
  const expires = ctx.clock.now() + (ttl || 300);
  const org = actor.org.OrganizationId;
  const data = ctx.state.data;
  const owned = (id: string): boolean => {
    if (kind === 'FLOW') return data.flows[id]?.OrganizationId === org;
    if (kind === 'DOCUMENT') return data.flows[data.documents[id]?.FlowId ?? '']?.OrganizationId === org;
    if (kind === 'TEMPLATE') return data.templates[id]?.OrganizationId === org;
    return data.seals[id]?.OrganizationId === org;
  };
  const missing = ids.find((id) => !owned(id));
  if (missing !== undefined)
    throw new EmulatorError(
      'ResourceNotFound',
      `资源不存在或无权限 (${kind} ${JSON.stringify(missing.slice(0, 64))}).`,
      404,
    );
  // A flow has a PDF once its document exists: at creation for file flows (CreateFlowByFiles), after
  // CreateDocument for template flows. Before that there is nothing to hand out (ess-api.md §7.13 lists
  // ResourceNotFound.NotExistDocument among DescribeFileUrls' errors).
  if (kind === 'FLOW') {
    const bare = ids.find((id) => {
      const flow = data.flows[id];
      return !flow.sourceFileId || (flow.kind === 'template' && !flow.documentId);
    });
    if (bare)
      throw new EmulatorError(
        'ResourceNotFound.NotExistDocument',
        `文档不存在: flow ${bare} has no document yet (CreateDocument first).`,
        404,
      );
  }
  const sign = (path: string) => signedFileUrl(ctx.publicUrl(), ctx.config.fileUrlSecret, path, expires);
  if (fileType === 'ZIP') {
    const name = `${body.FileName || ids[0]}.ZIP`;
    return { FileUrls: [{ Url: sign(filePath(kind, ids.join(','), name)), Option: '' }], TotalCount: 1 };
  }
  const urls: Array<{ Url: string; Option: string }> = [];
  for (const id of ids) {
    if (kind === 'SEAL') {
      urls.push({ Url: sign(filePath('SEAL', id, `${id}.svg`)), Option: '' });
      continue;
    }
    const flow =
      kind === 'FLOW'
        ? data.flows[id]
        : kind === 'DOCUMENT'
          ? data.flows[data.documents[id].FlowId]
          : undefined;
    const sourceId = kind === 'TEMPLATE' ? data.templates[id].fileId : (flow?.sourceFileId ?? '');
    const source = data.files[sourceId];
    const pages = source ? (await readLayout(source.bytes)).pages : [{ width: 595.28, height: 841.89 }];
    const size = (p: { width: number; height: number }) => `${p.width.toFixed(2)},${p.height.toFixed(2)}`;
    if (fileType === 'JPG') {
      for (const [n, p] of pages.entries()) {
        urls.push({
          Url: sign(filePath(kind, id, `${n}.JPG`)),
          Option: JSON.stringify({ width: p.width, height: p.height }),
        });
      }
    } else {
      urls.push({ Url: sign(filePath(kind, id, '0.PDF')), Option: JSON.stringify([size(pages[0]), '-1']) });
    }
  }
  const selected = page(urls, body.Offset, body.Limit, 100);
  return { FileUrls: selected, TotalCount: urls.length };
};
