/**
 * Fidelity against Tencent's own published API: the official Node SDK (`tencentcloud-sdk-nodejs`,
 * pinned exactly in the root package.json) is the oracle.
 *
 * - Requests: every field of each supported action's `<Action>Request` model, at every depth, is
 *   known to shared's strict schema with a compatible type, and the schema knows no other field.
 * - Responses: each action is driven through the SDK's own ess client against the emulator over
 *   HTTP; every returned field, at every depth, exists in `<Action>Response` with the right type,
 *   and every official field is returned as a key of every object that should carry it — or is in
 *   RESPONSE_ALLOW_LIST below with the reason it is not.
 *
 * When the pinned SDK is bumped, the failures name exactly which fields are new.
 */
import { startEmulator } from '@ess-kit/emulator';
import { DEV_DEFAULTS, deepStrict, ESS_ACTIONS, type EssActionName, schemas } from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkValue,
  modelPaths,
  readSdkModels,
  sdkModelsPath,
  sdkVersion,
  type ValueCheck,
} from '../support/sdk-models.js';
import { compareSchema } from '../support/zod-fields.js';
import { driveAllActions, officialEssClient } from './ess-scenarios.js';

/**
 * Official response fields the emulator does not return, each with the reason. An entry covers the
 * path and everything below it. An entry that is no longer needed fails the test (keep it honest).
 */
const RESPONSE_ALLOW_LIST: Partial<Record<EssActionName, Record<string, string>>> = {
  DescribeFlowInfo: {
    'FlowDetailInfos[].CcInfos[].ForwardRecords[]':
      'A CC recipient has nothing to sign, so never forwards a flow: its ForwardRecords is always [] and no element shows its fields.',
  },
};

const models = readSdkModels(sdkModelsPath('ess', 'v20201111'));
const rows = new Map<EssActionName, { request?: string; response?: string; allowed?: number }>();
const row = (action: EssActionName) => rows.get(action) ?? rows.set(action, {}).get(action)!;

afterAll(() => {
  const lines = [
    `ess v20201111 fidelity against tencentcloud-sdk-nodejs@${sdkVersion()} (field paths at every depth)`,
    `${'action'.padEnd(40)} ${'request known/official'.padEnd(24)} ${'response returned/official'.padEnd(27)} allow-listed`,
  ];
  for (const action of ESS_ACTIONS) {
    const r = rows.get(action) ?? {};
    lines.push(
      `${action.padEnd(40)} ${(r.request ?? '-').padEnd(24)} ${(r.response ?? '-').padEnd(27)} ${r.allowed ?? 0}`,
    );
  }
  lines.push('allow-list (official response fields not returned):');
  for (const [action, entries] of Object.entries(RESPONSE_ALLOW_LIST))
    for (const [path, reason] of Object.entries(entries ?? {})) lines.push(`  ${action} ${path}: ${reason}`);
  console.log(lines.join('\n'));
});

describe(`request schemas vs tencentcloud-sdk-nodejs@${sdkVersion()} ess models`, () => {
  it.each(ESS_ACTIONS)('%s: strict schema knows every official field, and only those', (action) => {
    const result = compareSchema(models, `${action}Request`, schemas[action].requestStrict);
    row(action).request = `${result.known}/${result.official}`;
    expect({
      missing: result.missing,
      extra: result.extra,
      wrongType: result.wrongType,
      opaque: result.opaque,
    }).toEqual({ missing: [], extra: [], wrongType: [], opaque: [] });
    expect(result.known).toBe(result.official);
  });
});

describe(`response schemas vs tencentcloud-sdk-nodejs@${sdkVersion()} ess models`, () => {
  it.each(ESS_ACTIONS)('%s: the response schema declares every official field, and only those', (action) => {
    const result = compareSchema(models, `${action}Response`, schemas[action].response);
    expect({
      missing: result.missing,
      extra: result.extra,
      wrongType: result.wrongType,
      opaque: result.opaque,
    }).toEqual({
      missing: [],
      extra: [],
      wrongType: [],
      opaque: [],
    });
  });
});

describe('emulator responses through the official SDK ess client', () => {
  const checks = new Map<EssActionName, ValueCheck>();
  const schemaProblems: string[] = [];
  let emulator: Awaited<ReturnType<typeof startEmulator>>;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, composeDelayMs: 50 });
    const client = officialEssClient(
      emulator.url,
      DEV_DEFAULTS.emulatorSecretId,
      DEV_DEFAULTS.emulatorSecretKey,
    );
    await driveAllActions(emulator.url, client, emulator.handle.seed(), (action, response) => {
      checks.set(action, checkValue(models, `${action}Response`, response, checks.get(action)));
      // What the emulator answers also parses with shared's response schema (as the BFF reads it).
      const parsed = deepStrict(schemas[action].response).safeParse(response);
      if (!parsed.success) schemaProblems.push(`${action}: ${parsed.error.message}`);
    });
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it('every response parses with shared’s strict response schema', () => {
    expect(schemaProblems).toEqual([]);
  });

  it.each(ESS_ACTIONS)(
    '%s: returns only official fields, of the official types, and all of them',
    (action) => {
      const check = checks.get(action);
      expect(check, `${action} was not driven`).toBeDefined();
      if (!check) return;
      const allowed = RESPONSE_ALLOW_LIST[action] ?? {};
      const covered = (path: string) =>
        Object.keys(allowed).find((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[]`));
      const official = modelPaths(models, `${action}Response`);
      const notReturned = [...official.keys()].filter((p) => !check.present.has(p) || check.absent.has(p));
      const returned = official.size - notReturned.length;
      row(action).response = `${returned}/${official.size}`;
      row(action).allowed = notReturned.filter(covered).length;

      expect(check.unknown, 'fields the official model does not declare').toEqual([]);
      expect(check.wrongType, 'fields of another type than the official model').toEqual([]);
      expect(
        notReturned.filter((p) => !covered(p)),
        'official fields not returned (return them, or allow-list them with a reason)',
      ).toEqual([]);
      const stale = Object.keys(allowed).filter((p) => !notReturned.some((n) => n === p || covered(n) === p));
      expect(stale, 'allow-list entries for fields that are returned now').toEqual([]);
    },
  );
});
