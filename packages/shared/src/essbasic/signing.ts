/** TC3 signing for essbasic: the shared signer with service `essbasic` and version 2021-05-26. */
import { buildEssHeaders, type EssHeaderInput } from '../signing/tc3.js';
import { ESSBASIC_SERVICE, ESSBASIC_VERSION } from './actions-list.js';

/** {@link buildEssHeaders} for an essbasic call: service and version are fixed. */
export function buildEssbasicHeaders(
  input: Omit<EssHeaderInput, 'service' | 'version'>,
): Promise<Record<string, string>> {
  return buildEssHeaders({ ...input, service: ESSBASIC_SERVICE, version: ESSBASIC_VERSION });
}
