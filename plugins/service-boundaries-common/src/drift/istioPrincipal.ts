import { IstioPrincipal } from '../types';

const PRINCIPAL = /^(?:spiffe:\/\/)?([^/\s]+)\/ns\/([^/\s]+)\/sa\/([^/\s]+)$/;

/**
 * Parses an Istio principal, `cluster.local/ns/<ns>/sa/<sa>` (optionally with
 * `spiffe://`). Returns undefined for anything else, including `*` and
 * prefix/suffix wildcards.
 */
export function parseIstioPrincipal(value: string): IstioPrincipal | undefined {
  const m = PRINCIPAL.exec(value.trim());
  if (!m || m.slice(1).some(part => part.includes('*'))) return undefined;
  return { trustDomain: m[1], namespace: m[2], serviceAccount: m[3] };
}

/** `cluster.local/ns/<ns>/sa/<sa>` */
export function formatIstioPrincipal(
  namespace: string,
  serviceAccount: string,
  trustDomain = 'cluster.local',
): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * Whether an Istio principal pattern (exact, `*`, `prefix*` or `*suffix`, as
 * AuthorizationPolicy accepts) matches a principal.
 */
export function principalPatternMatches(
  pattern: string,
  principal: string,
): boolean {
  const p = pattern.trim();
  if (p === '*') return true;
  if (p.startsWith('*')) return principal.endsWith(p.slice(1));
  if (p.endsWith('*')) return principal.startsWith(p.slice(0, -1));
  return p === principal;
}
