/**
 * Test support: Tencent's official SDK model declarations (`<service>_models.d.ts` of
 * `tencentcloud-sdk-nodejs`) read with the TypeScript compiler API, as an oracle for field names and
 * types. Service-neutral: `ess` and `essbasic` suites pass the path of their own models file.
 *
 * Field paths are spelled `Approvers[].SignComponents[].ComponentType`: `.` between fields, `[]` for
 * the elements of an array.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ts from 'typescript';

/** The type of one model field, as the SDK declares it. */
export type ModelType =
  | { kind: 'string' | 'number' | 'boolean' }
  | { kind: 'array'; element: ModelType }
  | { kind: 'model'; name: string };

/** One field of a model interface. */
export interface ModelField {
  name: string;
  type: ModelType;
  optional: boolean;
}

/** Every interface of one models file, by name. */
export interface SdkModels {
  path: string;
  interfaces: Map<string, ModelField[]>;
}

/** A leaf or structure at one path below a model: what a request or response may carry there. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'array' | 'object';

const require = createRequire(import.meta.url);

/** Absolute path of `tencentcloud-sdk-nodejs`'s models file for a service and version (e.g. 'ess', 'v20201111'). */
export function sdkModelsPath(service: string, version: string): string {
  const root = require.resolve('tencentcloud-sdk-nodejs/package.json').replace(/package\.json$/, '');
  return `${root}tencentcloud/services/${service}/${version}/${service}_models.d.ts`;
}

/** The installed `tencentcloud-sdk-nodejs` version (the oracle's version, for reports). */
export function sdkVersion(): string {
  return (require('tencentcloud-sdk-nodejs/package.json') as { version: string }).version;
}

/** Parses a models file. Throws on a field type the oracle does not understand, so a new SDK shape is loud. */
export function readSdkModels(path: string): SdkModels {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false);
  const interfaces = new Map<string, ModelField[]>();
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    const fields: ModelField[] = [];
    for (const member of statement.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const name = member.name.getText(source);
      fields.push({
        name,
        optional: member.questionToken !== undefined,
        type: modelType(member.type, source, `${statement.name.text}.${name}`),
      });
    }
    interfaces.set(statement.name.text, fields);
  }
  return { path, interfaces };
}

function modelType(node: ts.TypeNode, source: ts.SourceFile, where: string): ModelType {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { kind: 'string' };
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BigIntKeyword:
      return { kind: 'number' };
    case ts.SyntaxKind.BooleanKeyword:
      return { kind: 'boolean' };
  }
  if (ts.isArrayTypeNode(node)) return { kind: 'array', element: modelType(node.elementType, source, where) };
  if (ts.isUnionTypeNode(node)) {
    // `number | bigint` (64-bit integers): one numeric kind.
    const kinds = node.types.map((t) => modelType(t, source, where));
    if (kinds.every((k) => k.kind === 'number')) return { kind: 'number' };
  }
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText(source);
    if (name === 'Array' && node.typeArguments?.length === 1)
      return { kind: 'array', element: modelType(node.typeArguments[0], source, where) };
    if (!node.typeArguments) return { kind: 'model', name };
  }
  throw new Error(`${where}: unsupported SDK model type \`${node.getText(source)}\``);
}

/** The fields of one interface; throws when the models file has no such interface. */
export function modelFields(models: SdkModels, name: string): ModelField[] {
  const fields = models.interfaces.get(name);
  if (!fields) throw new Error(`${models.path} has no interface ${name}`);
  return fields;
}

/**
 * Every field path below interface `root`, at every depth, with its kind. A model met again inside
 * itself (recursive structures) is listed once, as an `object`, and not expanded further.
 */
export function modelPaths(
  models: SdkModels,
  root: string,
  options: { skip?: readonly string[] } = {},
): Map<string, FieldKind> {
  const out = new Map<string, FieldKind>();
  const visit = (name: string, prefix: string, stack: string[]) => {
    for (const field of modelFields(models, name)) {
      if (options.skip?.includes(field.name) && prefix === '') continue;
      addType(field.type, `${prefix}${field.name}`, [...stack, name]);
    }
  };
  const addType = (type: ModelType, path: string, stack: string[]) => {
    out.set(path, kindOf(type));
    if (type.kind === 'array') addType(type.element, `${path}[]`, stack);
    else if (type.kind === 'model' && !stack.includes(type.name)) visit(type.name, `${path}.`, stack);
  };
  visit(root, '', []);
  return out;
}

function kindOf(type: ModelType): FieldKind {
  return type.kind === 'model' ? 'object' : type.kind;
}

/** What {@link checkValue} found in one value. */
export interface ValueCheck {
  /** Paths present in the value as keys (null values included); `X[]` of a scalar array once X is. */
  present: Set<string>;
  /** Official paths missing as a key from at least one returned object that should carry them. */
  absent: Set<string>;
  /** Paths present in the value that the model does not declare. */
  unknown: string[];
  /** Paths whose value has another kind than the model declares (`path: expected X, got Y`). */
  wrongType: string[];
}

/**
 * Checks a JSON value (e.g. an SDK response) against interface `root`: every key, at every depth,
 * must be declared with a matching kind, and every declared field must be there as a key. `null`
 * fits any kind (Tencent documents "may return null").
 * Results accumulate into `into` so several calls of one action add up.
 */
export function checkValue(
  models: SdkModels,
  root: string,
  value: unknown,
  into: ValueCheck = { present: new Set(), absent: new Set(), unknown: [], wrongType: [] },
): ValueCheck {
  const walk = (name: string, object: Record<string, unknown>, prefix: string) => {
    const fields = new Map(modelFields(models, name).map((f) => [f.name, f.type]));
    for (const key of fields.keys()) if (!(key in object)) into.absent.add(`${prefix}${key}`);
    for (const [key, child] of Object.entries(object)) {
      const path = `${prefix}${key}`;
      const type = fields.get(key);
      if (!type) {
        into.unknown.push(path);
        continue;
      }
      into.present.add(path);
      walkType(type, child, path);
    }
  };
  const walkType = (type: ModelType, child: unknown, path: string) => {
    if (child === null) return;
    const actual = jsonKind(child);
    const expected = kindOf(type);
    if (actual !== expected) {
      into.wrongType.push(`${path}: expected ${expected}, got ${actual}`);
      return;
    }
    if (type.kind === 'array') {
      // The element path of a scalar array is known from the array itself (even an empty one);
      // the fields of structure elements only show in elements that exist.
      if (type.element.kind !== 'model') into.present.add(`${path}[]`);
      for (const element of child as unknown[]) {
        into.present.add(`${path}[]`);
        walkType(type.element, element, `${path}[]`);
      }
    } else if (type.kind === 'model') walk(type.name, child as Record<string, unknown>, `${path}.`);
  };
  if (jsonKind(value) !== 'object') into.wrongType.push(`(root): expected object, got ${jsonKind(value)}`);
  else walk(root, value as Record<string, unknown>, '');
  return into;
}

/** The kind of a JSON value, in {@link FieldKind} terms. */
export function jsonKind(value: unknown): FieldKind | 'null' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return type;
  if (type === 'bigint') return 'number';
  return type === 'object' ? 'object' : 'other';
}
