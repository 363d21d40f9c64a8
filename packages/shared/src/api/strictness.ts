/**
 * Strict and lenient copies of a schema, all the way down.
 *
 * The schemas in this folder are written once with `z.object` (which strips unknown keys). The two
 * consumers want different things from them: the BFF refuses any field it does not know on a proxied
 * action (so a typo never silently disappears), while the emulator must accept — and keep — fields it
 * does not model, because older integrations still send the guide's parameters. zod's
 * `.strict()`/`.loose()` only change the outermost object, so these helpers rebuild every nested
 * object, array element, optional, union member… with the wanted policy, keeping refinements.
 */
import * as z from 'zod';

type Policy = 'strict' | 'loose';

// A schema that has already been converted is reused, so shared structures (UserInfo, Component…)
// are converted once per policy and the result keeps the sharing of the input.
const cache: Record<Policy, WeakMap<z.ZodType, z.ZodType>> = { strict: new WeakMap(), loose: new WeakMap() };

/** Def keys that hold one child schema, by zod v4 def type. */
const SINGLE_CHILD: Record<string, string> = {
  array: 'element',
  optional: 'innerType',
  nullable: 'innerType',
  default: 'innerType',
  prefault: 'innerType',
  nonoptional: 'innerType',
  readonly: 'innerType',
  catch: 'innerType',
  success: 'innerType',
  record: 'valueType',
};

function convert<T extends z.ZodType>(schema: T, policy: Policy): T {
  const done = cache[policy].get(schema);
  if (done) return done as T;
  // biome-ignore lint/suspicious/noExplicitAny: zod's def is a tagged union this walker inspects by tag
  const def = schema._zod.def as any;
  const walk = (child: z.ZodType) => convert(child, policy);
  let next: Record<string, unknown> | null = null;
  if (def.type === 'object') {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>))
      shape[key] = walk(child);
    next = { ...def, shape, catchall: policy === 'strict' ? NEVER : UNKNOWN };
  } else if (def.type in SINGLE_CHILD) {
    const key = SINGLE_CHILD[def.type];
    next = { ...def, [key]: walk(def[key]) };
  } else if (def.type === 'union') {
    next = { ...def, options: (def.options as z.ZodType[]).map(walk) };
  } else if (def.type === 'intersection') {
    next = { ...def, left: walk(def.left), right: walk(def.right) };
  } else if (def.type === 'pipe') {
    next = { ...def, in: walk(def.in), out: walk(def.out) };
  } else if (def.type === 'tuple') {
    next = {
      ...def,
      items: (def.items as z.ZodType[]).map(walk),
      rest: def.rest ? walk(def.rest) : def.rest,
    };
  }
  const result = next ? (schema.clone(next as never) as T) : schema;
  cache[policy].set(schema, result);
  return result;
}

const NEVER = z.never();
const UNKNOWN = z.unknown();

/** A copy of `schema` in which every object, however deep, refuses keys it does not declare. */
export function deepStrict<T extends z.ZodType>(schema: T): T {
  return convert(schema, 'strict');
}

/** A copy of `schema` in which every object, however deep, accepts and keeps keys it does not declare. */
export function deepLoose<T extends z.ZodType>(schema: T): T {
  return convert(schema, 'loose');
}
