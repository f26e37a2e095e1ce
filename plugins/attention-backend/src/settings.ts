import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ATTENTION_KINDS,
  AttentionKind,
} from '@supply-chain/plugin-attention-common';
import { NotificationSettings } from './services/AttentionEvaluator';

/**
 * The kinds that notify unless `attention.notifications.kinds` says otherwise:
 * boundary drift and unowned workloads are listed, not sent (they are the
 * platform's to reconcile, and nothing is broken by them).
 */
export const NOTIFIED_KINDS_BY_DEFAULT: ReadonlyArray<AttentionKind> =
  ATTENTION_KINDS.filter(
    kind => kind !== 'boundary-drift' && kind !== 'unowned-workload',
  );

/** `attention.*`, validated. */
export interface AttentionSettings {
  evaluateEverySeconds: number;
  resolveAfterSeconds: number;
  notify: NotificationSettings;
}

/** Reads `attention.*`; an unknown kind is an error naming it. */
export function readAttentionSettings(config: Config): AttentionSettings {
  const evaluateEverySeconds =
    config.getOptionalNumber('attention.evaluateEverySeconds') ?? 15;
  if (!(evaluateEverySeconds >= 1)) {
    throw new InputError(
      `attention.evaluateEverySeconds must be at least 1 (got ${evaluateEverySeconds})`,
    );
  }
  const resolveAfterSeconds =
    config.getOptionalNumber('attention.resolveAfterSeconds') ?? 60;
  if (!(resolveAfterSeconds >= 0)) {
    throw new InputError(
      `attention.resolveAfterSeconds must be 0 or more (got ${resolveAfterSeconds})`,
    );
  }
  const kinds =
    config.getOptionalStringArray('attention.notifications.kinds') ??
    NOTIFIED_KINDS_BY_DEFAULT;
  const unknown = kinds.filter(
    k => !(ATTENTION_KINDS as readonly string[]).includes(k),
  );
  if (unknown.length > 0) {
    throw new InputError(
      `attention.notifications.kinds: unknown kind ${unknown
        .map(k => JSON.stringify(k))
        .join(', ')}; the kinds are ${ATTENTION_KINDS.join(', ')}`,
    );
  }
  return {
    evaluateEverySeconds,
    resolveAfterSeconds,
    notify: {
      enabled:
        config.getOptionalBoolean('attention.notifications.enabled') ?? true,
      kinds: new Set(kinds as AttentionKind[]),
    },
  };
}
