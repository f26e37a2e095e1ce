import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/** DNS-1123 label: what Kubernetes accepts as a Service / Deployment name. */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A label value (`version: v1.2.3`). */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** `kind:namespace/name`, `kind:name` (namespace default) - as the catalog writes refs. */
export const ENTITY_REF =
  /^([a-zA-Z][\w-]*:)?([a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

/** Builds the zod schema of a DNS-1123 label with messages a person understands. */
export function dnsLabel(zImpl: typeof z, what: string, maxLength = 63) {
  return zImpl
    .string({ required_error: `${what} is required` })
    .min(1, `${what} must not be empty`)
    .max(maxLength, `${what} must be at most ${maxLength} characters`)
    .regex(
      DNS_1123_LABEL,
      `${what} must be lower-case letters, digits and '-', starting and ending with a letter or digit (a DNS-1123 label)`,
    );
}

/** Formats zod issues as `field: message` pairs, the field written as a path. */
export function describeIssues(error: z.ZodError, prefix?: string): string[] {
  return error.issues.map(issue => {
    const path = [prefix, ...issue.path.map(String)]
      .filter(p => p !== undefined && p !== '')
      .join('.')
      .replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    return `${path || '(input)'}: ${issue.message}`;
  });
}

/**
 * Parses `value` with `schema`; on failure throws an InputError whose message
 * names every offending field.
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${describeIssues(result.error).join('; ')}`,
    );
  }
  return result.data;
}
