/**
 * The naming rule (issue 13, item 11) as written in docs/partner-api.md § Naming, checked route by
 * route against the OpenAPI document the routes' own zod schemas generate: every route has a row,
 * every row's query parameters are the route's and are camelCase, a body or answer marked ESS has
 * PascalCase fields and one marked BFF camelCase ones. The one deprecated spelling the table lists
 * (the multipart part `keyword`) is still accepted, through a real BFF.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../packages/bff/src/openapi/document.js';
import { CONTRACT_PDF, type Stack, startStack } from '../../packages/bff/test/harness.js';

const doc = readFileSync(new URL('../../docs/partner-api.md', import.meta.url), 'utf8');

interface Row {
  method: string;
  path: string;
  body: string;
  answer: string;
  query: string[];
}

/** The rows of the table under "## Naming"; a cell naming several routes gives one row each. */
function namingTable(): Row[] {
  const section = doc.slice(doc.indexOf('## Naming'), doc.indexOf('## Idempotency'));
  const rows: Row[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const [routes = '', body = '', answer = '', params = ''] = line
      .split('|')
      .slice(1)
      .map((cell) => cell.trim());
    const query = params.startsWith('parts') ? [] : [...params.matchAll(/`(\w+)`/g)].map((m) => m[1]!);
    for (const [, method, path] of routes.matchAll(/`(GET|POST|DELETE) ([^`]+)`/g))
      rows.push({ method: method!, path: path!.replace(/:(\w+)/g, '{$1}'), body, answer, query });
  }
  return rows;
}

type Schema = { properties?: Record<string, unknown> };
type Operation = {
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};

const openApi = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(openApi.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
);

const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const PASCAL = /^[A-Z][A-Za-z0-9]*$/;

/** The field names of a JSON schema's top level (none when it is not a described object). */
const fieldsOf = (schema: Schema | undefined) => Object.keys(schema?.properties ?? {});

describe('the naming rule, route by route (docs/partner-api.md § Naming)', () => {
  const rows = namingTable();

  it('has a row for every route of the OpenAPI document, and no other', () => {
    const documented = rows.map((row) => `${row.method} ${row.path}`).sort();
    expect(documented).toEqual(operations.map((op) => `${op.method} ${op.path}`).sort());
  });

  it('lists each route’s own query parameters, all camelCase', () => {
    for (const row of rows) {
      const op = operations.find(
        (candidate) => candidate.method === row.method && candidate.path === row.path,
      )!;
      const declared = (op.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect([...row.query].sort(), `${row.method} ${row.path}`).toEqual(declared.sort());
      for (const name of declared) expect(name, `${row.method} ${row.path} ?${name}`).toMatch(CAMEL);
    }
  });

  it('spells each body and answer as its row says: ESS PascalCase, BFF camelCase', () => {
    let checked = 0;
    for (const row of rows) {
      const { operation } = operations.find((op) => op.method === row.method && op.path === row.path)!;
      const body = fieldsOf(operation.requestBody?.content['application/json']?.schema);
      const answer = fieldsOf(Object.values(operation.responses)[0]?.content?.['application/json']?.schema);
      for (const [what, fields, category] of [
        ['body', body, row.body],
        ['answer', answer, row.answer],
      ] as const) {
        if (fields.length === 0) continue;
        const rule = category === 'ESS' ? PASCAL : category === 'BFF' ? CAMEL : null;
        expect(rule, `${row.method} ${row.path} ${what} is marked ${category}`).not.toBeNull();
        for (const field of fields) expect(field, `${row.method} ${row.path} ${what}`).toMatch(rule!);
        checked++;
      }
    }
    // Tokens, both scenarios, cancel, QR creation, snapshots, sign links, file links, keyword positions…
    expect(checked).toBeGreaterThanOrEqual(14);
  });
});

describe('deprecated spellings are still accepted', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function keywordPositions(part: 'keywords' | 'keyword') {
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(CONTRACT_PDF)], { type: 'application/pdf' }), 'contract.pdf');
    form.append(part, '甲方');
    form.append(part, '乙方');
    return stack.call('/v1/pdf/keyword-positions', { method: 'POST', body: form });
  }

  it('POST /v1/pdf/keyword-positions: the multipart part `keyword` works as `keywords` does', async () => {
    const current = await keywordPositions('keywords');
    const deprecated = await keywordPositions('keyword');
    expect(current.status).toBe(200);
    expect(current.body.TotalCount).toBeGreaterThanOrEqual(2);
    expect(deprecated.status).toBe(200);
    expect(deprecated.body).toEqual(current.body);
  });
});
