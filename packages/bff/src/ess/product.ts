/**
 * The one place where 企业版 (`ess`) and 第三方应用 (`essbasic`) differ for the scenario routes.
 *
 * Routes speak `ess`: they call ess actions with ess field names. In platform mode the ESS client
 * sends each call through {@link ESSBASIC_MAPPING}: the essbasic action that does the same thing,
 * the request rewritten into its fields (Approvers → FlowApprovers, UserData → CustomerData…), and
 * the answer rewritten back into the ess response the route reads (status names → numbers…). The
 * template scenario, which ess runs as CreateFlow → CreateDocument → StartFlow, is one essbasic
 * call (CreateFlowsByTemplates): {@link templateFlowInOneCall}. docs/partner-platform.md has the table.
 */
import {
  ESSBASIC_APPROVE_STATUS,
  ESSBASIC_FLOW_STATUS,
  type EssActionName,
  type EssbasicActionName,
} from '@ess-kit/shared';
import { BffError } from '../errors.js';

type Json = Record<string, unknown>;

/** One ess action as essbasic does it. `request` gets the ess params (Operator/Agent already dropped). */
export interface EssbasicMapping {
  /** The essbasic action (some ess actions map to one of two, by their params). */
  action(params: Json): EssbasicActionName;
  request(params: Json): Json;
  /** The essbasic `Response` (without RequestId) as the ess action's; `params` are the ess ones. */
  response(res: Json, params: Json): Json;
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const first = (v: unknown): string | undefined => (Array.isArray(v) ? str(v[0]) : undefined);
/** Copies the listed fields that are set. */
function pick(from: Json, keys: string[]): Json {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}

/** ess ApproverType numbers → essbasic names (0 company, 1 person, 3 the company's silent seal). */
const APPROVER_TYPE: Record<number, string> = { 0: 'ORGANIZATION', 1: 'PERSON', 3: 'ENTERPRISESERVER' };

/**
 * ess ApproverInfo / FlowCreateApprover → essbasic FlowApproverInfo. A company named by
 * OrganizationOpenId is a sub-company of the application; one named only by OrganizationName is an
 * outside company (NotChannelOrganization).
 */
export function flowApprover(a: Json): Json {
  const type = APPROVER_TYPE[Number(a.ApproverType)];
  if (!type)
    throw new BffError(
      'VALIDATION_FAILED',
      `ApproverType ${String(a.ApproverType)} has no 第三方应用 equivalent; use 0 (company), 1 (person) or 3 (silent)`,
    );
  const out: Json = {
    ApproverType: type,
    ...pick(a, ['RecipientId', 'SignComponents', 'Components', 'ApproverRoleName', 'Deadline', 'JumpUrl']),
  };
  if (str(a.ApproverName)) out.Name = a.ApproverName;
  if (str(a.ApproverMobile)) out.Mobile = a.ApproverMobile;
  if (str(a.ApproverIdCardType)) out.IdCardType = a.ApproverIdCardType;
  if (str(a.ApproverIdCardNumber)) out.IdCardNumber = a.ApproverIdCardNumber;
  if (type === 'ORGANIZATION') {
    if (str(a.OrganizationOpenId)) {
      out.OrganizationOpenId = a.OrganizationOpenId;
      if (str(a.OpenId)) out.OpenId = a.OpenId;
    } else {
      out.OrganizationName = a.OrganizationName;
      out.NotChannelOrganization = true;
    }
  }
  return out;
}

/** ess UserData is base64 (the BFF checks it); essbasic's CustomerData is text: the same bytes, decoded. */
function customerData(userData: unknown): Json {
  const text = str(userData);
  return text ? { CustomerData: Buffer.from(text, 'base64').toString('utf8') } : {};
}

/** essbasic FlowApproverDetail → ess FlowApproverDetail (as DescribeFlowInfo answers it). */
function approverDetail(a: Json): Json {
  return {
    RecipientId: a.RecipientId ?? a.ReceiptId,
    ReceiptId: a.ReceiptId,
    ApproveType: a.ApproveType,
    ApproveName: a.ApproveName,
    ApproveStatus: ESSBASIC_APPROVE_STATUS[String(a.ApproveStatus ?? '').toUpperCase()] ?? 0,
    ApproveMessage: a.ApproveMessage,
    ApproveTime: a.ApproveTime,
    Mobile: a.Mobile,
    OrganizationName: a.ProxyOrganizationName,
    OrganizationOpenId: a.ProxyOrganizationOpenId,
    SignOrder: a.SignOrder,
    ApproverRoleName: a.ApproverRoleName,
    SignId: a.SignId,
  };
}

/** essbasic FlowDetailInfo → ess FlowDetailInfo. */
function flowDetail(f: Json): Json {
  return {
    FlowId: f.FlowId,
    FlowName: f.FlowName,
    FlowType: f.FlowType,
    FlowStatus: ESSBASIC_FLOW_STATUS[String(f.FlowStatus ?? '').toUpperCase()] ?? 0,
    FlowMessage: f.FlowMessage,
    CreatedOn: f.CreateOn,
    Deadline: f.DeadLine,
    UserData: str(f.CustomData) ? Buffer.from(String(f.CustomData), 'utf8').toString('base64') : '',
    FlowApproverInfos: list(f.FlowApproverInfos).map(approverDetail),
  };
}

/** The template id an ess DescribeFlowTemplates filter names. */
function filterValue(params: Json, key: string): string | undefined {
  const values = list(params.Filters).find((f) => f.Key === key)?.Values;
  return Array.isArray(values) ? str(values[0]) : undefined;
}

/** What `deps.ess.call(<ess action>)` does in platform mode, per ess action the BFF calls. */
export const ESSBASIC_MAPPING: Partial<Record<EssActionName, EssbasicMapping>> = {
  UploadFiles: {
    action: () => 'UploadFiles',
    request: (p) => pick(p, ['BusinessType', 'FileInfos']),
    response: (r) => ({ FileIds: r.FileIds ?? [], TotalCount: r.TotalCount ?? 0 }),
  },
  CreateFlowByFiles: {
    action: () => 'ChannelCreateFlowByFiles',
    request: (p) => ({
      ...pick(p, [
        'FlowName',
        'FileIds',
        'Unordered',
        'Deadline',
        'Components',
        'FlowDescription',
        'FlowType',
      ]),
      FlowApprovers: list(p.Approvers).map(flowApprover),
      ...customerData(p.UserData),
    }),
    response: (r) => ({ FlowId: r.FlowId, Approvers: r.Approvers ?? [] }),
  },
  DescribeFlowTemplates: {
    action: () => 'DescribeTemplates',
    request: (p) => {
      const id = filterValue(p, 'template-id');
      const name = filterValue(p, 'template-name');
      return {
        ...(id ? { TemplateId: id } : {}),
        ...(name ? { TemplateName: name } : {}),
        ContentType: p.ContentType ?? 0,
        Offset: p.Offset ?? 0,
        Limit: p.Limit ?? 20,
      };
    },
    response: (r) => ({ Templates: r.Templates ?? [], TotalCount: r.TotalCount ?? 0 }),
  },
  DescribeFlowInfo: {
    action: () => 'DescribeFlowDetailInfo',
    request: (p) => pick(p, ['FlowIds']),
    response: (r) => ({ FlowDetailInfos: list(r.FlowInfo).map(flowDetail) }),
  },
  DescribeFlowBriefs: {
    action: () => 'DescribeFlowDetailInfo',
    request: (p) => pick(p, ['FlowIds']),
    response: (r) => ({
      FlowBriefs: list(r.FlowInfo).map((f) => {
        const d = flowDetail(f);
        return pick(d, [
          'FlowId',
          'FlowName',
          'FlowType',
          'FlowStatus',
          'FlowMessage',
          'CreatedOn',
          'Deadline',
        ]);
      }),
    }),
  },
  CreateSchemeUrl: {
    action: () => 'CreateSignUrls',
    request: (p) => {
      // ess names the signer by who they are; so does GenerateType (a person, or an outside company).
      const who: Json = !p.Name
        ? { GenerateType: 'ALL' }
        : p.OrganizationName
          ? { GenerateType: 'NOT_CHANNEL', OrganizationName: p.OrganizationName }
          : { GenerateType: 'PERSON', Name: p.Name, ...(p.Mobile ? { Mobile: p.Mobile } : {}) };
      return { FlowIds: [p.FlowId], ...who, ...(p.EndPoint === 'APP' ? { Endpoint: 'APP' } : {}) };
    },
    response: (r, p) => {
      const link = list(r.SignUrlInfos).find((i) => str(i.SignUrl));
      if (!link)
        throw new BffError(
          'NOT_FOUND',
          `ESS has no open signing link for this signer of flow ${String(p.FlowId)}`,
        );
      return { SchemeUrl: link.SignUrl, SchemeQrcodeUrl: str(link.SignQrcodeUrl) ?? '' };
    },
  },
  DescribeFileUrls: {
    // Flow files by flow; a template's PDF is a DescribeTemplates link.
    action: (p) => (p.BusinessType === 'TEMPLATE' ? 'DescribeTemplates' : 'DescribeResourceUrlsByFlows'),
    request: (p) =>
      p.BusinessType === 'TEMPLATE'
        ? { TemplateId: first(p.BusinessIds), ContentType: 1, WithPdfUrl: true }
        : p.BusinessType === 'FLOW'
          ? { FlowIds: p.BusinessIds }
          : unsupported(`DescribeFileUrls with BusinessType ${String(p.BusinessType)}`),
    response: (r, p) => {
      const urls =
        p.BusinessType === 'TEMPLATE'
          ? list(r.Templates).map((t) => ({ Url: t.PdfUrl }))
          : list(r.FlowResourceUrlInfos).flatMap((f) =>
              list(f.ResourceUrlInfos).map((u) => ({ Url: u.Url })),
            );
      return { FileUrls: urls.filter((u) => str(u.Url)), TotalCount: urls.length };
    },
  },
  CancelFlow: {
    action: () => 'ChannelCancelFlow',
    request: (p) => pick(p, ['FlowId', 'CancelMessage']),
    response: () => ({}),
  },
  CreateMultiFlowSignQRCode: {
    action: () => 'ChannelCreateMultiFlowSignQRCode',
    // essbasic QR codes carry no UserData: flows scanned from them reach partners by callback only.
    request: (p) =>
      pick(p, ['TemplateId', 'FlowName', 'MaxFlowNum', 'FlowEffectiveDay', 'QrEffectiveDay', 'Restrictions']),
    response: (r) => ({ QrCode: r.QrCode, SignUrls: r.SignUrls }),
  },
  CancelMultiFlowSignQRCode: {
    action: () => 'ChannelCancelMultiFlowSignQRCode',
    request: (p) => pick(p, ['QrCodeId']),
    response: () => ({}),
  },
  DescribeOrganizationSeals: {
    action: () => 'ChannelDescribeOrganizationSeals',
    request: (p) => ({ Limit: p.Limit ?? 10, ...pick(p, ['Offset', 'SealTypes', 'SealId']) }),
    response: (r) => ({ Seals: r.Seals ?? [], TotalCount: r.TotalCount ?? 0 }),
  },
};

function unsupported(what: string): never {
  throw new BffError('UNKNOWN_ACTION', `${what} has no 第三方应用 (essbasic) equivalent in ess-kit`);
}

/** The mapping of an ess action in platform mode, or UNKNOWN_ACTION. */
export function essbasicMappingFor(action: string): EssbasicMapping {
  return ESSBASIC_MAPPING[action as EssActionName] ?? unsupported(action);
}

/** True when the ess action is available in platform mode (the proxy route asks). */
export function hasEssbasicMapping(action: string): boolean {
  return action in ESSBASIC_MAPPING;
}

/** ess's signing deadline when none is given: a year (what CreateFlow and CreateFlowByFiles default to). */
const DEFAULT_DEADLINE_SECONDS = 365 * 86_400;

/**
 * The ess template-flow steps (CreateFlow, CreateDocument, StartFlow) as one CreateFlowsByTemplates
 * FlowInfo. Its Deadline is required, so ess's default (a year from `nowSeconds`) is written out.
 */
export function templateFlowInfo(
  nowSeconds: number,
  input: {
    TemplateId: string;
    FlowName: string;
    Approvers: Json[];
    FormFields?: Json[];
    DeadLine?: number;
    UserData?: string;
    FlowDescription?: string;
    FlowType?: string;
  },
): Json {
  return {
    TemplateId: input.TemplateId,
    FlowName: input.FlowName,
    FlowApprovers: input.Approvers.map(flowApprover),
    ...(input.FormFields ? { FormFields: input.FormFields } : {}),
    Deadline: input.DeadLine || nowSeconds + DEFAULT_DEADLINE_SECONDS,
    ...(input.FlowDescription ? { FlowDescription: input.FlowDescription } : {}),
    ...(input.FlowType ? { FlowType: input.FlowType } : {}),
    ...customerData(input.UserData),
  };
}

/** The one created flow of a CreateFlowsByTemplates answer (its error message when it failed). */
export function templateFlowResult(res: Json): { FlowId: string; Approvers: Json[]; RequestId: string } {
  const flowId = first(res.FlowIds);
  const error = first(res.ErrorMessages);
  if (!flowId)
    throw new BffError(
      'ESS_OPERATION_DENIED',
      `ESS CreateFlowsByTemplates created no flow${error ? `: ${error}` : ''}`,
    );
  const approvers = list(res.FlowApprovers).find((f) => f.FlowId === flowId)?.Approvers;
  return { FlowId: flowId, Approvers: list(approvers), RequestId: String(res.RequestId ?? '') };
}
