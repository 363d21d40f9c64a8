/**
 * Partner API keys. Compared in constant time over SHA-256 digests, so neither the content nor the
 * length of a configured key leaks through response timing.
 *
 * A key that has matched once is remembered, so a partner's following requests skip the digest (the
 * hash was a per-request cost on the hottest routes). Only exact configured keys ever enter that
 * map, so it holds at most one entry per key. Looking a string up in it compares hashes first and
 * content only when they are equal, so a wrong guess learns nothing the constant-time path would
 * not also tell it; every guess that is not a key still takes the full constant-time path.
 */
import { hash, timingSafeEqual } from 'node:crypto';

// One-shot hash: about half the cost of createHash().update().digest(), on every partner request.
const digest = (value: string) => hash('sha256', value, 'buffer') as Buffer;

/** Checks presented keys against the configured ones. */
export class PartnerKeys {
  private readonly digests: Buffer[];
  private readonly matched = new Map<string, number>();

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** The index of a key that has matched before, or -1: a map lookup, no digest (see the module comment). */
  remembered(presented: string): number {
    return this.matched.get(presented) ?? -1;
  }

  /** The index of the matching key (its rate-limit identity), or -1. Every key is compared. */
  match(presented: string): number {
    const known = this.matched.get(presented);
    if (known !== undefined) return known;
    const candidate = digest(presented);
    let found = -1;
    for (let i = 0; i < this.digests.length; i++) {
      if (timingSafeEqual(candidate, this.digests[i]) && found < 0) found = i;
    }
    if (found >= 0) this.matched.set(presented, found);
    return found;
  }
}
