import type { ArgoCdRevisionHistory } from './argoCdRestTypes';

/** Default number of history entries served. @public */
export const DEFAULT_HISTORY_LIMIT = 10;
/** Largest number of history entries served (Argo CD keeps 10 by default). @public */
export const MAX_HISTORY_LIMIT = 50;

/**
 * Newest first (ids auto-increment; `deployedAt` breaks ties), at most `limit`.
 * @public
 */
export function orderHistory<
  T extends Pick<ArgoCdRevisionHistory, 'id' | 'deployedAt'>,
>(
  history: readonly T[] | null | undefined,
  limit: number = DEFAULT_HISTORY_LIMIT,
): T[] {
  const bounded = Math.max(0, Math.min(Math.floor(limit), MAX_HISTORY_LIMIT));
  return [...(history ?? [])]
    .sort((a, b) => {
      if (b.id !== a.id) return b.id - a.id;
      return (b.deployedAt ?? '').localeCompare(a.deployedAt ?? '');
    })
    .slice(0, bounded);
}

/**
 * Parses the `limit` query parameter: absent means the default; otherwise an
 * integer from 1 to {@link MAX_HISTORY_LIMIT}.
 * @public
 */
export function parseHistoryLimit(
  raw: unknown,
): { ok: true; limit: number } | { ok: false; message: string } {
  if (raw === undefined || raw === '') {
    return { ok: true, limit: DEFAULT_HISTORY_LIMIT };
  }
  const text = Array.isArray(raw) ? undefined : String(raw);
  if (text === undefined || !/^\d+$/.test(text)) {
    return {
      ok: false,
      message: `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`,
    };
  }
  const limit = Number(text);
  if (limit < 1 || limit > MAX_HISTORY_LIMIT) {
    return {
      ok: false,
      message: `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`,
    };
  }
  return { ok: true, limit };
}
