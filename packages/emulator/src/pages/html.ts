/**
 * Tiny server-side HTML: a tagged template that escapes every interpolated value unless it is
 * already markup built by `html` itself. No framework, no client script — the pages work with
 * JavaScript disabled.
 */

/** Markup that is already safe to emit. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** `html\`<p>${text}</p>\`` — interpolations are escaped; arrays and nested `html` are joined. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

const STYLE = `
  :root { color-scheme: light; --ink:#1f2329; --muted:#646a73; --line:#dee0e3; --accent:#0052d9; --bad:#d54941; --ok:#2ba471; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #f5f6f7; }
  main { max-width: 860px; margin: 0 auto; padding: 24px 16px 48px; }
  header.bar { background: #fff; border-bottom: 1px solid var(--line); padding: 10px 16px; font-size: 13px; color: var(--muted); }
  h1 { font-size: 22px; margin: 8px 0 4px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; margin: 16px 0; }
  .muted { color: var(--muted); }
  .status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; background: #eef3fe; color: var(--accent); }
  .status.terminal { background: #f2f3f5; color: var(--muted); }
  .notice { border-left: 4px solid var(--ok); background: #f0faf5; padding: 10px 14px; margin: 12px 0; }
  .error { border-left: 4px solid var(--bad); background: #fdf1f1; padding: 10px 14px; margin: 12px 0; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { font-weight: 600; font-size: 13px; color: var(--muted); }
  tr.me td { background: #f7f9ff; }
  form.inline { display: inline-block; margin: 4px 8px 4px 0; }
  label { display: block; margin: 8px 0 4px; font-size: 13px; color: var(--muted); }
  input[type=text], input[type=tel], textarea { width: 100%; max-width: 420px; padding: 6px 8px; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
  button { font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: var(--accent); }
  button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
  .actions { margin-top: 8px; }
`;

/** The page shell shared by the signing and scan pages. */
export function page(title: string, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header class="bar">ess-kit emulator · 腾讯电子签 simulator (offline — nothing here reaches Tencent)</header>
<main>${body}</main>
</body>
</html>`}`;
}
