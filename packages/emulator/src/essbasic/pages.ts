/**
 * The console login pages (`/console/login/:token`, the ConsoleUrl of CreateConsoleLoginUrl): what a
 * sub-company's administrator sees when the platform sends them there. Not activated → 企业认证 (the
 * company's unified social credit code and legal representative, the operator's name and mobile);
 * activated but the operator unverified → 员工实名; both done → the sub-company's console (its
 * seals and templates). Plain HTML forms that post back here, like the signing pages.
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { EmulatorContext } from '../context.js';
import { ControlError, readCappedText } from '../control/http.js';
import { html, page } from '../pages/html.js';
import { EmulatorError } from '../state/errors.js';
import { platformOf } from './onboarding.js';
import type { ConsoleLogin } from './types.js';
import { completeVerification, type LoginContext } from './verification.js';

type PageLogin = LoginContext & { login: ConsoleLogin };

const MAX_FORM_BYTES = 16 * 1024;

function input(
  id: string,
  label: string,
  name: string,
  value: string,
  extra: { pattern?: string; maxlength?: number } = {},
) {
  return html`<label for="${id}">${label}</label>
  <input type="text" id="${id}" name="${name}" required value="${value}"${extra.pattern ? html` pattern="${extra.pattern}"` : ''} maxlength="${extra.maxlength ?? 50}">`;
}

function renderLogin(
  ctx: EmulatorContext,
  lc: PageLogin,
  options: { error?: string; notice?: string; form?: Record<string, string> } = {},
): string {
  const { sub, operator, login } = lc;
  const form = options.form ?? {};
  const step = !sub.verified ? 'company' : !operator.verified ? 'operator' : 'console';
  const action = `/console/login/${encodeURIComponent(login.token)}`;
  const seals = Object.values(ctx.state.data.seals).filter((s) => s.OrganizationId === sub.OrganizationId);
  const templates = Object.values(ctx.state.data.templates).filter(
    (t) => t.OrganizationId === sub.OrganizationId,
  );
  const body = html`
<h1 id="company-name">${sub.name}</h1>
<p class="muted">${lc.app.name} · ProxyOrganizationOpenId <code id="org-open-id">${sub.ProxyOrganizationOpenId}</code> · 经办人 OpenId <code>${operator.OpenId}</code></p>
<p>状态 State: <span class="status" id="onboarding-step" data-step="${step}">${step === 'company' ? '企业未激活 — not activated' : step === 'operator' ? '员工未实名 — operator not verified' : '已认证 — verified'}</span></p>
${options.notice ? html`<div class="notice" role="status" id="notice">${options.notice}</div>` : ''}
${options.error ? html`<div class="error" role="alert" id="error">${options.error}</div>` : ''}
${
  step === 'company'
    ? html`<div class="card"><h2>企业认证 Verify the company</h2>
<form method="post" action="${action}" data-form="company">
  <input type="hidden" name="step" value="company">
  ${input('uscc', '统一社会信用代码 Unified social credit code', 'uscc', form.uscc ?? sub.uscc, { pattern: '[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}', maxlength: 18 })}
  ${input('legal-name', '法定代表人 Legal representative', 'legalName', form.legalName ?? sub.legalName)}
  ${input('operator-name', '经办人姓名 Your name', 'name', form.name ?? operator.name ?? login.operatorName)}
  ${input('operator-mobile', '经办人手机号 Your mobile', 'mobile', form.mobile ?? (operator.mobile || login.operatorMobile), { pattern: '1[0-9]{10}', maxlength: 11 })}
  <div class="actions"><button type="submit" data-action="verify-company">认证并授权 Verify and authorize</button></div>
</form></div>`
    : step === 'operator'
      ? html`<div class="card"><h2>员工实名 Verify yourself</h2>
<form method="post" action="${action}" data-form="operator">
  <input type="hidden" name="step" value="operator">
  ${input('operator-name', '姓名 Name', 'name', form.name ?? operator.name)}
  ${input('operator-mobile', '手机号 Mobile', 'mobile', form.mobile ?? operator.mobile, { pattern: '1[0-9]{10}', maxlength: 11 })}
  <div class="actions"><button type="submit" data-action="verify-operator">实名并加入企业 Verify and join</button></div>
</form></div>`
      : html`<div class="card" id="console"><h2>子客企业控制台 Console</h2>
<p>印章 Seals: ${seals.map((s) => html`<span class="status" data-seal-id="${s.SealId}">${s.SealName}</span> `)}</p>
<p>模板 Templates: ${templates.map((t) => html`<span class="status" data-template-id="${t.TemplateId}">${t.TemplateName}</span> `)}</p>
</div>`
}`;
  return page(`${sub.name} · 子客企业认证`, body);
}

function renderExpired(): string {
  return page(
    '链接已失效 Link expired',
    html`<h1>链接已失效 Link expired</h1><p class="error" id="error">This console login link has expired or does not exist; ask the platform for a new one (CreateConsoleLoginUrl).</p>`,
  );
}

/** Builds the console pages; `app.ts` mounts them at `/console`. */
export function platformPageRoutes(ctx: EmulatorContext): Hono {
  const app = new Hono();
  const noStore = (c: Context) => c.header('Cache-Control', 'no-store');

  const loginOf = (token: string): PageLogin | null => {
    const platform = ctx.state.data.platform;
    const login = platform?.logins[token];
    if (!platform || !login || login.expiresAt < ctx.clock.now()) return null;
    const application = platformOf(ctx.state.data).applications[login.AppId];
    const sub = application?.subCompanies[login.ProxyOrganizationOpenId];
    const operator = sub?.operators[login.OperatorOpenId];
    return application && sub && operator ? { login, app: application, sub, operator } : null;
  };

  app.get('/login/:token', (c) => {
    noStore(c);
    const lc = loginOf(c.req.param('token'));
    if (!lc) return c.html(renderExpired(), 404);
    return c.html(
      renderLogin(ctx, lc, {
        notice: c.req.query('done')
          ? '认证完成 — verified; the platform can now act for this company.'
          : undefined,
      }),
    );
  });

  app.post('/login/:token', async (c) => {
    noStore(c);
    const token = c.req.param('token');
    const lc = loginOf(token);
    if (!lc) return c.html(renderExpired(), 404);
    let form: Record<string, string> = {};
    try {
      let text: string;
      try {
        text = await readCappedText(c, MAX_FORM_BYTES);
      } catch (error) {
        if (error instanceof ControlError)
          throw new EmulatorError('RequestSizeLimitExceeded', 'The form is too large.', 413);
        throw error;
      }
      form = Object.fromEntries(new URLSearchParams(text));
      completeVerification(ctx, lc, form);
      return c.redirect(`/console/login/${encodeURIComponent(token)}?done=1`, 303);
    } catch (error) {
      if (!(error instanceof EmulatorError)) throw error;
      return c.html(
        renderLogin(ctx, lc, { error: error.message, form }),
        error.httpStatus as ContentfulStatusCode,
      );
    }
  });
  return app;
}
