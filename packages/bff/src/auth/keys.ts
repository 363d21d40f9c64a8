/**
 * Partner API keys. Compared in constant time over SHA-256 digests, so neither the content nor the
 * length of a configured key leaks through response timing.
 */
import { hash, timingSafeEqual } from 'node:crypto';

// One-shot hash: about half the cost of createHash().update().digest(), on every partner request.
const digest = (value: string) => hash('sha256', value, 'buffer') as Buffer;

/** Checks presented keys against the configured ones. */
export class PartnerKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** The index of the matching key (its rate-limit identity), or -1. Every key is compared. */
  match(presented: string): number {
    const candidate = digest(presented);
    let found = -1;
    for (let i = 0; i < this.digests.length; i++) {
      if (timingSafeEqual(candidate, this.digests[i]) && found < 0) found = i;
    }
    return found;
  }
}
