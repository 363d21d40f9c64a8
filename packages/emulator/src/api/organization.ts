/** Organization queries: DescribeOrganizationSeals, DescribeOrganizationGroupOrganizations. */
import type { EmulatorContext } from '../context.js';
import { filePath, signedFileUrl } from '../files/urls.js';
import { EmulatorError } from '../state/errors.js';
import { type ActionHandler, page, resolveActor } from './common.js';
import { groupOrganization, occupiedSeal } from './views.js';

const SEAL_STATUSES = ['ALL', 'CHECKING', 'SUCCESS', 'FAIL', 'DISABLE', 'STOPPED', 'VOID', 'INVALID'];

interface SealsBody {
  Operator?: { UserId?: string };
  Agent?: { ProxyOrganizationId?: string };
  Limit?: number;
  Offset?: number;
  InfoType?: number;
  SealId?: string;
  SealTypes?: string[];
  SealStatuses?: string[];
}

export const DescribeOrganizationSeals: ActionHandler = ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: SealsBody;
}) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, body.Agent, 'seals');
  if (body.InfoType !== undefined && body.InfoType !== 0 && body.InfoType !== 1)
    throw new EmulatorError('InvalidParameter.ParamError', 'InfoType must be 0 or 1.');
  if (body.Offset !== undefined && body.Offset > 20_000)
    throw new EmulatorError('InvalidParameter.ParamError', 'Offset is at most 20000.');
  const statuses = body.SealStatuses ?? [];
  const unknown = statuses.find((s) => !SEAL_STATUSES.includes(s));
  if (unknown)
    throw new EmulatorError(
      'InvalidParameter.ParamError',
      `Unknown SealStatuses value ${JSON.stringify(unknown)}; use ${SEAL_STATUSES.join(', ')}.`,
    );
  let seals = Object.values(ctx.state.data.seals).filter(
    (s) => s.OrganizationId === actor.org.OrganizationId,
  );
  if (body.SealId) seals = seals.filter((s) => s.SealId === body.SealId);
  if (body.SealTypes && body.SealTypes.length > 0)
    seals = seals.filter((s) => body.SealTypes?.includes(s.SealType));
  if (statuses.length === 0) seals = seals.filter((s) => s.status === 'SUCCESS');
  else if (!statuses.includes('ALL')) seals = seals.filter((s) => statuses.includes(s.status));
  const selected = page(seals, body.Offset, body.Limit, 200);
  const expires = ctx.clock.now() + 300;
  return {
    TotalCount: seals.length,
    Seals: selected.map((s) =>
      occupiedSeal(
        s,
        body.InfoType === 1,
        signedFileUrl(
          ctx.publicUrl(),
          ctx.config.fileUrlSecret,
          filePath('SEAL', s.SealId, `${s.SealId}.svg`),
          expires,
        ),
      ),
    ),
  };
};

interface GroupBody {
  Operator?: { UserId?: string };
  Limit: number;
  Offset: number;
  Status?: number;
  Export?: boolean;
  Id?: string;
}

export const DescribeOrganizationGroupOrganizations: ActionHandler = ({
  ctx,
  body,
}: {
  ctx: EmulatorContext;
  body: GroupBody;
}) => {
  const actor = resolveActor(ctx, body.Operator?.UserId, undefined, 'contracts');
  if (!actor.home.isMain)
    throw new EmulatorError(
      'OperationDenied.Forbid',
      `${actor.home.OrganizationName} is not a group's main organization.`,
      403,
    );
  if (!Number.isInteger(body.Limit) || body.Limit <= 0 || body.Limit > 1000)
    throw new EmulatorError('InvalidParameterValue', '分页大小应该大于0小于等于1000');
  if (!Number.isInteger(body.Offset) || body.Offset < 0 || body.Offset > 20_000)
    throw new EmulatorError('InvalidParameterValue', 'Offset must be 0–20000.');
  if (body.Status !== undefined && ![1, 2, 3, 4, 5].includes(body.Status))
    throw new EmulatorError('InvalidParameterValue', 'Status must be 1–5.');
  // Partner-platform sub-companies (platform mode) are not members of this group.
  const all = Object.values(ctx.state.data.organizations).filter((o) => !o.platformAppId);
  let orgs = all;
  if (body.Status !== undefined) orgs = orgs.filter((o) => o.groupStatus === body.Status);
  if (body.Id) orgs = orgs.filter((o) => o.OrganizationId === body.Id);
  const activated = all.filter((o) => o.groupStatus === 5).length;
  return {
    Total: orgs.length,
    JoinedTotal: all.filter((o) => o.groupStatus === 2).length,
    ActivedTotal: activated,
    ActivatedTotal: activated,
    ExportUrl: '',
    List: orgs.slice(body.Offset, body.Offset + body.Limit).map(groupOrganization),
  };
};
