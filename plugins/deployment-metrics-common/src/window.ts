import { z } from 'zod';
import { MetricsWindow } from './types';

const DAY_MS = 86_400_000;

/** Default window: the last 30 days. @public */
export const DEFAULT_WINDOW_DAYS = 30;

/** @public */
export type WindowParseResult =
  | { ok: true; window: MetricsWindow }
  | { ok: false; parameter: 'from' | 'to'; message: string };

const timeParam = z
  .string()
  .trim()
  .refine(v => !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO 8601 date or date-time',
  })
  .optional();

/**
 * Validates `from`/`to` query parameters against the retention: both must be
 * ISO dates, `to` after `from`, the window no longer than the retention and
 * `from` not before the oldest retained event. Missing `to` = now; missing
 * `from` = `to` minus 30 days (or the retention, when shorter). Errors name
 * the parameter.
 * @public
 */
export function parseMetricsWindow(
  query: { from?: unknown; to?: unknown },
  options: { now: Date; retentionDays: number },
): WindowParseResult {
  for (const parameter of ['from', 'to'] as const) {
    const parsed = timeParam.safeParse(query[parameter]);
    if (!parsed.success) {
      return {
        ok: false,
        parameter,
        message: `${parameter} ${
          parsed.error.issues[0]?.message ?? 'is invalid'
        }`,
      };
    }
  }
  const now = options.now.getTime();
  const to = query.to ? Date.parse(String(query.to)) : now;
  const defaultDays = Math.min(DEFAULT_WINDOW_DAYS, options.retentionDays);
  const from = query.from
    ? Date.parse(String(query.from))
    : to - defaultDays * DAY_MS;
  if (to <= from) {
    return {
      ok: false,
      parameter: 'to',
      message: `to (${new Date(
        to,
      ).toISOString()}) must be after from (${new Date(from).toISOString()})`,
    };
  }
  if (to - from > options.retentionDays * DAY_MS) {
    return {
      ok: false,
      parameter: 'from',
      message: `from: the window is longer than the retention of ${options.retentionDays} days`,
    };
  }
  if (from < now - options.retentionDays * DAY_MS) {
    return {
      ok: false,
      parameter: 'from',
      message: `from is before the retention of ${
        options.retentionDays
      } days; events older than ${new Date(
        now - options.retentionDays * DAY_MS,
      ).toISOString()} are pruned`,
    };
  }
  return {
    ok: true,
    window: {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    },
  };
}

/** The window of the same length just before `window`. @public */
export function previousWindow(window: MetricsWindow): MetricsWindow {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  return {
    from: new Date(from - (to - from)).toISOString(),
    to: window.from,
  };
}

/** "no deployments observed since <time>" @public */
export function noDeploymentsMessage(observedSince: string): string {
  return `no deployments observed since ${observedSince}`;
}
