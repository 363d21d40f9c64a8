/**
 * Every error code the emulator can return for an action is in that action's official list
 * (ess-error-codes-per-action.json beside this file; its `source` says where the lists come from).
 *
 * All errors of an action leave the emulator through one place, `documentedCode` (the dispatcher
 * applies it to every refusal and crash once the request is verified), so the first test proves the
 * rule for every code the emulator knows — each code it raises (read from its sources and the shared
 * rules), each documented ESS code, for every request field a schema error can name. The second
 * drives each action through the official SDK client with its request mutated field by field
 * (removed, null, wrong type, odd value) and checks every code that comes back.
 *
 * Codes answered before an action runs — signature and header checks, an unreadable body, the
 * body size limit, and injected faults — are the cloud API's common codes, not any action's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '@ess-kit/emulator';
import {
  DEV_DEFAULTS,
  ESS_ACTION_ERROR_CODES,
  ESS_ACTIONS,
  ESS_ERROR_CODES,
  type EssActionName,
} from '@ess-kit/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedCode } from '../../packages/emulator/src/api/documented-codes.js';
import { modelPaths, readSdkModels, sdkModelsPath } from '../support/sdk-models.js';
import official from './ess-error-codes-per-action.json' with { type: 'json' };
import { baseRequests, mutations } from './ess-mutations.js';
import { officialEssClient } from './ess-scenarios.js';

const lists = official.actions as Record<EssActionName, string[]>;
const models = readSdkModels(sdkModelsPath('ess', 'v20201111'));

/** String literals in the emulator's and the shared rules' sources that look like ESS codes. */
function codesInSources(): Set<string> {
  const roots = ['../../packages/emulator/src', '../../packages/shared/src/rules'];
  const pattern =
    /'((?:AuthFailure|FailedOperation|InternalError|InvalidParameter|InvalidParameterValue|LimitExceeded|MissingParameter|OperationDenied|RequestLimitExceeded|ResourceNotFound|ResourceUnavailable|UnauthorizedOperation|UnknownParameter|UnsupportedOperation)(?:\.[A-Za-z]+)?)'/g;
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
        for (const match of readFileSync(path, 'utf8').matchAll(pattern)) found.add(match[1]);
    }
  };
  for (const root of roots) visit(new URL(root, import.meta.url).pathname);
  return found;
}

describe('per-action error codes', () => {
  it('the vendored official lists are the ones shared exports (ESS_ACTION_ERROR_CODES)', () => {
    expect(Object.keys(lists).sort()).toEqual([...ESS_ACTIONS].sort());
    for (const action of ESS_ACTIONS)
      expect([...ESS_ACTION_ERROR_CODES[action]].sort(), action).toEqual([...lists[action]].sort());
    expect(Object.values(lists).flat().length).toBe(516);
  });

  it('every code the emulator raises, for every field, comes out as one the action documents', () => {
    const raised = codesInSources();
    expect(raised.size, 'codes found in the emulator sources').toBeGreaterThan(30);
    const universe = new Set([...raised, ...Object.keys(ESS_ERROR_CODES), ...Object.values(lists).flat()]);
    const outside: string[] = [];
    for (const action of ESS_ACTIONS) {
      const documented = new Set(lists[action]);
      const fields = [undefined, ...modelPaths(models, `${action}Request`).keys()].map((p) =>
        p?.replaceAll('[]', '[0]'),
      );
      for (const code of universe)
        for (const field of fields) {
          const answered = documentedCode(action, code, field);
          if (!documented.has(answered)) outside.push(`${action}: ${code}@${field} → ${answered}`);
        }
    }
    expect(outside).toEqual([]);
  });

  it('answers the specific documented code where one exists', () => {
    expect(documentedCode('DescribeFileUrls', 'InvalidParameterValue', 'BusinessType')).toBe(
      'InvalidParameter.BusinessType',
    );
    expect(documentedCode('CreateFlow', 'InvalidParameterValue', 'Approvers[0].ApproverType')).toBe(
      'InvalidParameter.ApproverType',
    );
    expect(documentedCode('DescribeFlowBriefs', 'ResourceNotFound.User')).toBe(
      'InvalidParameter.InvalidOperatorId',
    );
    expect(documentedCode('CreateFlow', 'ResourceNotFound.User')).toBe('ResourceNotFound.User');
  });
});

describe('error codes over HTTP through the official SDK client', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let client: ReturnType<typeof officialEssClient>;
  const seen = new Map<EssActionName, Map<string, string>>();

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, composeDelayMs: 20 });
    client = officialEssClient(emulator.url, DEV_DEFAULTS.emulatorSecretId, DEV_DEFAULTS.emulatorSecretKey);
  });
  afterAll(async () => {
    await emulator?.close();
    const total = [...seen.values()].reduce((n, codes) => n + codes.size, 0);
    console.log(`error codes seen over HTTP: ${total} distinct (action, code) pairs`);
    for (const [action, codes] of seen) console.log(`  ${action}: ${[...codes.keys()].sort().join(', ')}`);
  });

  it.each(ESS_ACTIONS)('%s answers only its documented codes, whatever field is wrong', async (action) => {
    const bases = await baseRequests(client, emulator.handle.seed());
    const codes = seen.get(action) ?? seen.set(action, new Map()).get(action)!;
    const crashes: string[] = [];
    const call = (client as unknown as Record<string, (r: unknown) => Promise<unknown>>)[action].bind(client);
    for (const { label, request } of mutations(models, action, bases[action])) {
      try {
        await call(request);
      } catch (error) {
        const code = (error as { code?: string }).code;
        expect(code, `${label}: ${(error as Error).message}`).toBeTypeOf('string');
        codes.set(code!, label);
        // An emulator crash answers InternalError with this message: a bug, whatever the code.
        if ((error as Error).message.startsWith('Internal error (RequestId')) crashes.push(label);
      }
    }
    expect(crashes, 'requests that crashed the emulator').toEqual([]);
    expect(codes.size, 'the mutations provoked errors').toBeGreaterThan(0);
    const undocumented = [...codes].filter(([code]) => !lists[action].includes(code));
    expect(undocumented.map(([code, label]) => `${code} (after ${label})`)).toEqual([]);
  });
});
