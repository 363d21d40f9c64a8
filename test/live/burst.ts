/**
 * Callback bursts against a BFF in a child process (durability and graceful-stop tests): sealed
 * callbacks with the dev key and token, one delivery attempt, and the MsgIds the log holds.
 */
import { encryptCallback, signContentSignature } from '@ess-kit/shared';
import { openStore } from '../../packages/bff/src/store/index.js';
import { DEV_KEY, DEV_TOKEN } from './support.js';

/** A 32-character ESS-style id: `prefix` padded with the zero-filled `n`. */
export const id32 = (prefix: string, n: number) => `${prefix}${String(n).padStart(32 - prefix.length, '0')}`;

export interface SealedCallback {
  body: string;
  signature: string;
}

/** A FlowStatusChange (status 1) callback, encrypted with the dev key and signed with the dev token. */
export async function sealedFlowCallback(msgId: string, flowId: string, n: number): Promise<SealedCallback> {
  const plaintext = JSON.stringify({
    MsgId: msgId,
    MsgType: 'FlowStatusChange',
    MsgVersion: 'CustomApp',
    MsgData: {
      FlowId: flowId,
      FlowCallbackStatus: 1,
      Operate: 'start',
      OccurTime: 1_800_000_000 + n,
      FlowName: `burst ${n}`,
    },
  });
  const body = JSON.stringify({ encrypt: await encryptCallback(plaintext, DEV_KEY) });
  return { body, signature: await signContentSignature(body, DEV_TOKEN) };
}

/** Delivers once; the HTTP status, or null when the connection failed (nothing was acknowledged). */
export async function deliver(bffUrl: string, callback: SealedCallback): Promise<number | null> {
  try {
    const res = await fetch(`${bffUrl}/v1/callbacks/ess`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-signature': callback.signature },
      body: callback.body,
      signal: AbortSignal.timeout(5000),
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return null;
  }
}

/** Every MsgId in the event log at `storeUrl`, read through a second handle on the same store. */
export async function loggedMsgIds(storeUrl: string): Promise<Set<string>> {
  const store = await openStore({ store: { url: storeUrl } });
  try {
    const logged = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const page = await store.readEvents(after, 1000);
      for (const e of page.events) logged.add(String((e.ess as { msgId?: string } | null)?.msgId));
      after = page.events.at(-1)?.id ?? after;
      if (!page.more) break;
    }
    return logged;
  } finally {
    await store.close();
  }
}
