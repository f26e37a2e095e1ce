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
