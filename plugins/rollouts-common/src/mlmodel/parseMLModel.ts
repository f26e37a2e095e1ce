import { z } from 'zod';
import { MLModelStatus } from '../types';

/** API group, version and plural of the MLModel custom resource. @public */
export const MLMODEL_GROUP = 'ml.supplychain.io';
/** @public */
export const MLMODEL_VERSION = 'v1';
/** @public */
export const MLMODEL_PLURAL = 'mlmodels';
/** Annotation where the MLModel operator writes why a model failed. @public */
export const MLMODEL_FAILURE_ANNOTATION = 'ml.supplychain.io/failure-reason';
/** Default: an MLModel pending or deploying without a status update for this long is stale. @public */
export const MLMODEL_DEFAULT_STALE_AFTER_MS = 10 * 60 * 1000;

/** The CRD's openAPIV3Schema (seed `mlmodels.ml.supplychain.io`), as zod. */
const specFields = {
  modelName: z.string().min(1),
  modelVersion: z.string(),
  framework: z.enum(['tensorflow', 'pytorch', 'sklearn']),
  resourceRequirements: z.object({
    memory: z.string().optional(),
    cpu: z.string().optional(),
    gpu: z.string().optional(),
  }),
  replicas: z.number().int().min(1).max(10),
} as const;

const statusFields = {
  deploymentStatus: z.enum(['pending', 'deploying', 'ready', 'failed']),
  endpoint: z.string(),
  lastUpdated: z.iso.datetime({ offset: true }),
} as const;

const REQUIRED_SPEC_FIELDS = new Set(['modelName']);

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

function issueText(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'too_big':
      return `must be at most ${String(issue.maximum)} (got ${show(value)})`;
    case 'too_small':
      return typeof value === 'string'
        ? 'must not be empty'
        : `must be at least ${String(issue.minimum)} (got ${show(value)})`;
    case 'invalid_value':
      return `must be one of ${issue.values
        .map(v => String(v))
        .join(', ')} (got ${show(value)})`;
    case 'invalid_type':
      if (issue.expected === 'int')
        return `must be an integer (got ${show(value)})`;
      return `must be ${
        issue.expected === 'object' ? 'an object' : `a ${issue.expected}`
      } (got ${show(value)})`;
    case 'invalid_format':
      return `must be a ${issue.format} (got ${show(value)})`;
    default:
      return `${issue.message} (got ${show(value)})`;
  }
}

function at(value: unknown, path: PropertyKey[]): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Checks each field on its own so one bad field does not hide the others. */
function readFields(
  prefix: string,
  raw: unknown,
  fields: Record<string, z.ZodType>,
  required: Set<string>,
  problems: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (raw === undefined || raw === null) {
    for (const key of required) problems.push(`${prefix}.${key}: is required`);
    return out;
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${prefix}: must be an object (got ${show(raw)})`);
    return out;
  }
  const obj = raw as Record<string, unknown>;
  for (const [key, schema] of Object.entries(fields)) {
    const value = obj[key];
    if (value === undefined) {
      if (required.has(key)) problems.push(`${prefix}.${key}: is required`);
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) {
      out[key] = result.data;
    } else {
      for (const issue of result.error.issues) {
        const path = [key, ...issue.path].map(String).join('.');
        problems.push(
          `${prefix}.${path}: ${issueText(issue, at(value, issue.path))}`,
        );
      }
    }
  }
  return out;
}

/** @public */
export interface ParseMLModelOptions {
  cluster?: string;
  /** ms since epoch; default Date.now() */
  now?: number;
  /** default MLMODEL_DEFAULT_STALE_AFTER_MS */
  staleAfterMs?: number;
}

/**
 * Reads an `ml.supplychain.io/v1` MLModel as stored in a cluster. Never throws:
 * objects that break the CRD schema (older CRD versions, objects created while
 * validation was off, hand-made status) come back with `valid: false` and one
 * problem per offending field, naming it (`spec.replicas: must be at most 10 (got 12)`).
 * `stale`: the operator never reported a status (for longer than staleAfterMs since
 * creation), or left a pending/deploying status without update for longer than that.
 * @public
 */
export function parseMLModel(
  object: unknown,
  options: ParseMLModelOptions = {},
): MLModelStatus {
  const now = options.now ?? Date.now();
  const staleAfterMs = options.staleAfterMs ?? MLMODEL_DEFAULT_STALE_AFTER_MS;
  const problems: string[] = [];
  const obj = (object && typeof object === 'object' ? object : {}) as Record<
    string,
    unknown
  >;
  if (!object || typeof object !== 'object')
    problems.push(`object: must be an object (got ${show(object)})`);

  const metadata = (
    obj.metadata && typeof obj.metadata === 'object' ? obj.metadata : {}
  ) as Record<string, unknown>;
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (!name) problems.push('metadata.name: is required');
  const namespace =
    typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
  const annotations = (metadata.annotations ?? {}) as Record<string, string>;
  const labels = (
    metadata.labels && typeof metadata.labels === 'object'
      ? metadata.labels
      : {}
  ) as Record<string, string>;
  const createdAt =
    typeof metadata.creationTimestamp === 'string'
      ? metadata.creationTimestamp
      : undefined;

  if (
    obj.apiVersion !== undefined &&
    obj.apiVersion !== `${MLMODEL_GROUP}/${MLMODEL_VERSION}`
  ) {
    problems.push(
      `apiVersion: must be ${MLMODEL_GROUP}/${MLMODEL_VERSION} (got ${show(
        obj.apiVersion,
      )})`,
    );
  }

  const spec = readFields(
    'spec',
    obj.spec,
    specFields,
    REQUIRED_SPEC_FIELDS,
    problems,
  );
  const status = readFields(
    'status',
    obj.status,
    statusFields,
    new Set(),
    problems,
  );

  const rawStatus = (
    obj.status && typeof obj.status === 'object' ? obj.status : {}
  ) as Record<string, unknown>;
  const reason =
    (typeof annotations[MLMODEL_FAILURE_ANNOTATION] === 'string' &&
      annotations[MLMODEL_FAILURE_ANNOTATION]) ||
    (typeof rawStatus.reason === 'string' ? rawStatus.reason : undefined) ||
    undefined;

  const deploymentStatus = status.deploymentStatus as string | undefined;
  const lastUpdated = status.lastUpdated as string | undefined;
  let stale = false;
  if (!deploymentStatus) {
    const created = createdAt ? Date.parse(createdAt) : NaN;
    stale = Number.isNaN(created) || now - created > staleAfterMs;
  } else if (
    deploymentStatus === 'pending' ||
    deploymentStatus === 'deploying'
  ) {
    const updated = lastUpdated ? Date.parse(lastUpdated) : NaN;
    stale = Number.isNaN(updated) || now - updated > staleAfterMs;
  }

  return {
    cluster: options.cluster ?? '',
    namespace,
    name,
    spec,
    status: {
      ...(deploymentStatus ? { deploymentStatus } : {}),
      ...(status.endpoint ? { endpoint: status.endpoint as string } : {}),
      ...(lastUpdated ? { lastUpdated } : {}),
      ...(reason ? { reason } : {}),
    },
    valid: problems.length === 0,
    problems,
    stale,
    createdAt,
    labels,
  };
}
