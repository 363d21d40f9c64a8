/**
 * Test support: the field paths a zod (v4) schema knows, in the same spelling as `sdk-models.ts`
 * (`Approvers[].SignComponents[].ComponentType`), and their comparison with an SDK model — so a
 * request schema can be checked against Tencent's official declarations.
 */
import { type FieldKind, modelPaths, type SdkModels } from './sdk-models.js';

/** What a schema accepts at one path: JSON kinds, or `opaque` (unknown / any / record: no model). */
export type SchemaKind = FieldKind | 'opaque';

// biome-ignore lint/suspicious/noExplicitAny: zod's def is a tagged union this walker reads by tag
type Def = any;
interface ZodLike {
  _zod: { def: Def };
}

/** Wrappers whose one child schema is what the value is checked against. */
const WRAPPERS: Record<string, string> = {
  optional: 'innerType',
  nullable: 'innerType',
  default: 'innerType',
  prefault: 'innerType',
  nonoptional: 'innerType',
  readonly: 'innerType',
  catch: 'innerType',
  success: 'innerType',
};

/** Every path the schema declares, at every depth, with the kinds it accepts there. */
export function schemaPaths(schema: ZodLike): Map<string, Set<SchemaKind>> {
  const out = new Map<string, Set<SchemaKind>>();
  const add = (path: string, kind: SchemaKind) => {
    const kinds = out.get(path) ?? new Set<SchemaKind>();
    kinds.add(kind);
    out.set(path, kinds);
  };
  const seen = new Set<ZodLike>();
  const walk = (node: ZodLike, path: string) => {
    const def = node._zod.def;
    if (def.type in WRAPPERS) return walk(def[WRAPPERS[def.type]], path);
    if (def.type === 'pipe') return walk(def.in, path);
    if (def.type === 'lazy') return walk(def.getter(), path);
    if (def.type === 'union') {
      for (const option of def.options as ZodLike[]) walk(option, path);
      return;
    }
    if (def.type === 'intersection') {
      walk(def.left, path);
      return walk(def.right, path);
    }
    if (def.type === 'array') {
      if (path) add(path, 'array');
      return walk(def.element, `${path}[]`);
    }
    if (def.type === 'object') {
      if (path) add(path, 'object');
      // A structure met again inside itself is not expanded twice (recursive schemas).
      if (seen.has(node)) return;
      seen.add(node);
      for (const [key, child] of Object.entries(def.shape as Record<string, ZodLike>))
        walk(child, path ? `${path}.${key}` : key);
      seen.delete(node);
      return;
    }
    for (const kind of leafKinds(def)) add(path, kind);
  };
  walk(schema, '');
  return out;
}

function leafKinds(def: Def): SchemaKind[] {
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return [def.type];
    case 'bigint':
      return ['number'];
    case 'enum':
      return [...new Set(Object.values(def.entries as Record<string, unknown>).map(valueKind))];
    case 'literal':
      return [...new Set((def.values as unknown[]).map(valueKind))];
    case 'never':
      return [];
    default:
      return ['opaque'];
  }
}

function valueKind(value: unknown): SchemaKind {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'opaque';
}

/** The comparison of one request schema with its official model. */
export interface SchemaComparison {
  /** Official paths (every depth). */
  official: number;
  /** Official paths the schema knows with a compatible kind. */
  known: number;
  /** Official paths the schema refuses (does not declare). */
  missing: string[];
  /** Paths the schema declares that the official model lacks. */
  extra: string[];
  /** Official paths the schema declares with another kind (`path: official X, schema Y`). */
  wrongType: string[];
  /** Official paths the schema accepts as an opaque value instead of modelling them. */
  opaque: string[];
}

/**
 * Compares `schema` with model interface `root`. Fields listed in `skip` are left out of both
 * sides at the top level (e.g. fields the product fills itself).
 */
export function compareSchema(
  models: SdkModels,
  root: string,
  schema: ZodLike,
  options: { skip?: readonly string[] } = {},
): SchemaComparison {
  const official = modelPaths(models, root, options);
  const declared = schemaPaths(schema);
  const result: SchemaComparison = {
    official: official.size,
    known: 0,
    missing: [],
    extra: [],
    wrongType: [],
    opaque: [],
  };
  const under = (path: string, parents: string[]) =>
    parents.some((p) => path.startsWith(`${p}.`) || path.startsWith(`${p}[]`));
  for (const [path, kind] of official) {
    const kinds = declared.get(path);
    if (under(path, result.opaque)) result.opaque.push(path);
    else if (!kinds) result.missing.push(path);
    else if (kinds.has(kind)) result.known++;
    else if (kinds.has('opaque')) result.opaque.push(path);
    else result.wrongType.push(`${path}: official ${kind}, schema ${[...kinds].join('|')}`);
  }
  // A path below an opaque or missing official field is already reported there.
  const reported = [...result.opaque, ...result.missing];
  for (const path of declared.keys()) {
    if (official.has(path) || options.skip?.includes(path.split(/[.[]/)[0])) continue;
    if (under(path, reported)) continue;
    result.extra.push(path);
  }
  return result;
}
