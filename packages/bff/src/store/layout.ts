/**
 * The store layout version, kept in the store itself (SQLite: `meta.schema_version`; Redis:
 * `<prefix>schema-version`). A BFF migrates an older layout when it opens the store and refuses a
 * newer one (exit 78 from `ess-bff`): an older BFF must not write into a layout it does not know.
 *
 * Layouts:
 * 1. SQLite: the idempotency table without its `fingerprint` column (no version recorded).
 * 2. The fingerprint column; the version is recorded. Stores written before versions were recorded
 *    are recognised by their tables (SQLite) or taken as layout 2 (Redis, whose keys did not change).
 * 3. Redis: stream entries without personal data, the whole entry in `pd:<id>` beside them
 *    (store/redis-personal-data.ts); a layout-2 BFF would read entries without their MsgData.
 *    SQLite's tables did not change.
 */

/** The layout this BFF writes. */
export const STORE_LAYOUT_VERSION = 3;

/** The store was written by a newer BFF (or is not an ess-kit store at all). */
export class StoreLayoutError extends Error {
  constructor(
    readonly found: string,
    where: string,
  ) {
    super(
      `The event store at ${where} has layout ${found}; this BFF reads layouts up to ${STORE_LAYOUT_VERSION}. ` +
        'Run the BFF version that wrote it (or a newer one), or point STORE_URL at another store.',
    );
    this.name = 'StoreLayoutError';
  }
}

/** Throws unless `found` (null = none recorded) is a layout this BFF can open and migrate. */
export function assertReadableLayout(found: string | null, where: string): void {
  if (found === null) return;
  const version = Number(found);
  if (!Number.isInteger(version) || version < 1 || version > STORE_LAYOUT_VERSION)
    throw new StoreLayoutError(found.slice(0, 20), where);
}
