/**
 * Reads the model declarations of Tencent's official Node SDK (`tencentcloud-sdk-nodejs`,
 * `services/<product>/<version>/<product>_models.d.ts`) into plain data, and checks values and zod
 * schemas against them. Generic over the product: pass the path of any `*_models.d.ts`.
 *
 * The declaration files are machine-written with one shape — `export interface X {`, a JSDoc block
 * per field, `Name?: Type;`, `}` — so a line parser is enough; no TypeScript compiler needed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The part of a zod 4 schema this module reads (structural, so any zod 4 copy fits). */
export interface ZodLike {
  _zod: { def: unknown; optin?: string };
}

/** A field type as the SDK declares it. */
export type SdkType =
  | { kind: 'string' | 'number' | 'boolean' | 'any' }
  | { kind: 'array'; element: SdkType }
  | { kind: 'ref'; name: string };

export interface SdkField {
  name: string;
  optional: boolean;
  type: SdkType;
  /** The field's documentation, HTML tags removed. */
  doc: string;
}

/** Interface name → its fields, in declaration order. */
export type SdkModels = Map<string, SdkField[]>;

function parseType(text: string): SdkType {
  const t = text.trim();
  const array = t.match(/^Array<(.+)>$/) ?? t.match(/^(.+)\[\]$/);
  if (array) return { kind: 'array', element: parseType(array[1]) };
  if (t === 'string') return { kind: 'string' };
  if (t === 'number' || t === 'number | bigint') return { kind: 'number' };
  if (t === 'boolean') return { kind: 'boolean' };
  if (t === 'any' || t === 'unknown') return { kind: 'any' };
  return { kind: 'ref', name: t };
}

/** Parses the text of a `*_models.d.ts`. */
export function parseSdkModels(source: string): SdkModels {
  const models: SdkModels = new Map();
  let current: SdkField[] | null = null;
  let doc: string[] = [];
  for (const line of source.split('\n')) {
    const open = line.match(/^export interface (\w+) \{/);
    if (open) {
      current = [];
      models.set(open[1], current);
      doc = [];
      continue;
    }
    if (!current) continue;
    if (/^\}/.test(line)) {
      current = null;
      continue;
    }
    const field = line.match(/^\s{4}(\w+)(\?)?: (.+);\s*$/);
    if (field) {
      const text = doc
        .join(' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      current.push({ name: field[1], optional: field[2] === '?', type: parseType(field[3]), doc: text });
      doc = [];
    } else if (/^\s*\/\*\*/.test(line)) {
      doc = [];
    } else {
      const comment = line.match(/^\s*\*\s?(.*)$/);
      if (comment && !comment[1].startsWith('/')) doc.push(comment[1]);
    }
  }
  return models;
}

/** Loads the models of `tencentcloud-sdk-nodejs` for a product and version (e.g. `essbasic`, `v20210526`). */
export function loadSdkModels(product: string, version: string): SdkModels {
  const require = createRequire(import.meta.url);
  const path = require.resolve(
    `tencentcloud-sdk-nodejs/tencentcloud/services/${product}/${version}/${product}_models.d.ts`,
  );
  return parseSdkModels(readFileSync(path, 'utf8'));
}

/** The pinned SDK version (for reports and docs). */
export function sdkVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('tencentcloud-sdk-nodejs/package.json') as { version: string }).version;
}

export function describeType(type: SdkType): string {
  if (type.kind === 'array') return `Array<${describeType(type.element)}>`;
  if (type.kind === 'ref') return type.name;
  return type.kind;
}

/** What a response check found: paths of returned fields and problems. */
export interface ValueReport {
  /** Dotted paths (arrays as `[]`) of every field the value carries that the model declares. */
  returned: Set<string>;
  /** Fields the model does not declare, or with a value of the wrong type. */
  problems: string[];
}

/**
 * Checks a value (e.g. an SDK response) against a model at every depth: every key must be declared
 * by the model and carry a value of the declared type (`null` is accepted: the API sends it for
 * absent values). Collects the paths returned so coverage can be measured.
 */
export function checkValue(
  models: SdkModels,
  modelName: string,
  value: unknown,
  report: ValueReport = { returned: new Set(), problems: [] },
  path = '',
): ValueReport {
  const fields = models.get(modelName);
  if (!fields) {
    report.problems.push(`${path || modelName}: model ${modelName} is not declared`);
    return report;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report.problems.push(`${path || modelName}: expected an object (${modelName})`);
    return report;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const field = fields.find((f) => f.name === key);
    const at = path ? `${path}.${key}` : key;
    if (!field) {
      report.problems.push(`${at}: not in ${modelName}`);
      continue;
    }
    report.returned.add(at);
    checkTyped(models, field.type, child, report, at);
  }
  return report;
}

function checkTyped(models: SdkModels, type: SdkType, value: unknown, report: ValueReport, at: string): void {
  if (value === null || type.kind === 'any') return;
  if (type.kind === 'array') {
    if (!Array.isArray(value)) {
      report.problems.push(`${at}: expected ${describeType(type)}, got ${typeof value}`);
      return;
    }
    for (const item of value) checkTyped(models, type.element, item, report, `${at}[]`);
    return;
  }
  if (type.kind === 'ref') {
    checkValue(models, type.name, value, report, at);
    return;
  }
  if (typeof value !== type.kind)
    report.problems.push(
      `${at}: expected ${type.kind}, got ${Array.isArray(value) ? 'array' : typeof value}`,
    );
}

/** Every field path a model declares, at every depth (arrays as `[]`), for coverage reports. */
export function modelPaths(
  models: SdkModels,
  modelName: string,
  prefix = '',
  seen = new Set<string>(),
): string[] {
  const fields = models.get(modelName) ?? [];
  if (seen.has(modelName)) return [];
  const inner = new Set(seen).add(modelName);
  const out: string[] = [];
  for (const field of fields) {
    const at = prefix ? `${prefix}.${field.name}` : field.name;
    out.push(at);
    let type = field.type;
    let path = at;
    while (type.kind === 'array') {
      type = type.element;
      path = `${path}[]`;
    }
    if (type.kind === 'ref') out.push(...modelPaths(models, type.name, path, inner));
  }
  return out;
}

/**
 * Compares a zod object schema with a model at every depth: each model field must be known to the
 * schema with a compatible type, and the schema may know no field the model lacks.
 */
export function compareSchema(models: SdkModels, modelName: string, schema: ZodLike, path = ''): string[] {
  const problems: string[] = [];
  const fields = models.get(modelName);
  const shape = objectShape(schema);
  if (!fields || !shape) return [`${path || modelName}: ${fields ? 'schema is not an object' : 'no model'}`];
  for (const field of fields) {
    const at = path ? `${path}.${field.name}` : field.name;
    const child = shape[field.name];
    if (!child) {
      problems.push(`${at}: official field unknown to the schema`);
      continue;
    }
    if (!field.optional && isOptional(child))
      problems.push(`${at}: required by the model, optional in the schema`);
    problems.push(...compareType(models, field.type, child, at));
  }
  for (const key of Object.keys(shape))
    if (!fields.some((f) => f.name === key))
      problems.push(`${path ? `${path}.` : ''}${key}: schema field not in ${modelName}`);
  return problems;
}

// biome-ignore lint/suspicious/noExplicitAny: zod's def is a tagged union inspected by tag
type Def = any;
function unwrap(schema: ZodLike): ZodLike {
  let s = schema;
  for (;;) {
    const def: Def = s._zod.def;
    if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type))
      s = def.innerType;
    else if (def.type === 'pipe') s = def.in;
    else if (def.type === 'lazy') s = def.getter();
    else return s;
  }
}
function isOptional(schema: ZodLike): boolean {
  return schema._zod.optin === 'optional';
}
function objectShape(schema: ZodLike): Record<string, ZodLike> | null {
  const def: Def = unwrap(schema)._zod.def;
  return def.type === 'object' ? def.shape : null;
}
function compareType(models: SdkModels, type: SdkType, schema: ZodLike, at: string): string[] {
  const def: Def = unwrap(schema)._zod.def;
  if (type.kind === 'any') return [];
  if (type.kind === 'array')
    return def.type === 'array'
      ? compareType(models, type.element, def.element, `${at}[]`)
      : [`${at}: model has ${describeType(type)}, schema ${def.type}`];
  if (type.kind === 'ref') return compareSchema(models, type.name, schema, at);
  const compatible: Record<string, string[]> = {
    string: ['string', 'enum', 'literal'],
    number: ['number', 'int', 'bigint', 'enum', 'literal'],
    boolean: ['boolean', 'literal'],
  };
  return compatible[type.kind].includes(def.type)
    ? []
    : [`${at}: model has ${type.kind}, schema ${def.type}`];
}
