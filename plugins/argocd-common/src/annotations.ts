/** Names of the Argo CD applications (comma-separated allowed). @public */
export const ARGOCD_ANNOTATION_APP_NAME = 'argocd/app-name';
/** A label selector matching the applications. @public */
export const ARGOCD_ANNOTATION_APP_SELECTOR = 'argocd/app-selector';
/** Instance(s) to look in, in order (comma-separated). Default: all configured instances. @public */
export const ARGOCD_ANNOTATION_INSTANCE_NAME = 'argocd/instance-name';
/** Namespace the Application objects live in (apps-in-any-namespace). @public */
export const ARGOCD_ANNOTATION_APP_NAMESPACE = 'argocd/app-namespace';
/** Project(s) the applications belong to (comma-separated). @public */
export const ARGOCD_ANNOTATION_PROJECT_NAME = 'argocd/project-name';

/** The entity's Argo CD annotations, parsed. @public */
export interface ArgoCdEntityAnnotations {
  appNames: string[];
  appSelector?: string;
  /** empty: every configured instance, in configuration order */
  instanceNames: string[];
  appNamespace?: string;
  projectNames: string[];
}

/** Result of {@link parseArgoCdAnnotations}. @public */
export type ArgoCdAnnotationsParseResult =
  | { ok: true; annotated: false }
  | { ok: true; annotated: true; value: ArgoCdEntityAnnotations }
  | { ok: false; annotation: string; message: string };

// Application, project and namespace names are Kubernetes object names
// (RFC 1123 subdomains); instance names are the portal's config keys.
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const INSTANCE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
// A Kubernetes label selector: keys, values, operators (= == != in notin !), parentheses, commas.
const LABEL_SELECTOR = /^[A-Za-z0-9_.\-/=!,() ]{1,1024}$/;

function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map(s => s.trim())
    .filter(s => s.length > 0);
  return [...new Set(items)];
}

/**
 * Reads the `argocd/*` annotations the existing Argo CD plugins (Roadie's,
 * the community one) use, so entities annotated for them work unchanged.
 * An entity is annotated when it has `argocd/app-name`, `argocd/app-selector`
 * or `argocd/project-name`.
 * @public
 */
export function parseArgoCdAnnotations(
  annotations: Record<string, string> | undefined,
): ArgoCdAnnotationsParseResult {
  const a = annotations ?? {};
  const appNames = list(a[ARGOCD_ANNOTATION_APP_NAME]);
  const rawSelector = a[ARGOCD_ANNOTATION_APP_SELECTOR]?.trim();
  const projectNames = list(a[ARGOCD_ANNOTATION_PROJECT_NAME]);
  if (appNames.length === 0 && !rawSelector && projectNames.length === 0) {
    return { ok: true, annotated: false };
  }
  for (const name of appNames) {
    if (!K8S_NAME.test(name)) {
      return {
        ok: false,
        annotation: ARGOCD_ANNOTATION_APP_NAME,
        message: `'${name}' is not a valid Argo CD application name (lower-case letters, digits, '-' and '.')`,
      };
    }
  }
  if (rawSelector && !LABEL_SELECTOR.test(rawSelector)) {
    return {
      ok: false,
      annotation: ARGOCD_ANNOTATION_APP_SELECTOR,
      message: `'${rawSelector}' is not a valid label selector`,
    };
  }
  for (const name of projectNames) {
    if (!K8S_NAME.test(name)) {
      return {
        ok: false,
        annotation: ARGOCD_ANNOTATION_PROJECT_NAME,
        message: `'${name}' is not a valid Argo CD project name`,
      };
    }
  }
  const instanceNames = list(a[ARGOCD_ANNOTATION_INSTANCE_NAME]);
  for (const name of instanceNames) {
    if (!INSTANCE_NAME.test(name)) {
      return {
        ok: false,
        annotation: ARGOCD_ANNOTATION_INSTANCE_NAME,
        message: `'${name}' is not a valid Argo CD instance name`,
      };
    }
  }
  const appNamespace = a[ARGOCD_ANNOTATION_APP_NAMESPACE]?.trim() || undefined;
  if (appNamespace !== undefined && !K8S_NAME.test(appNamespace)) {
    return {
      ok: false,
      annotation: ARGOCD_ANNOTATION_APP_NAMESPACE,
      message: `'${appNamespace}' is not a valid namespace`,
    };
  }
  return {
    ok: true,
    annotated: true,
    value: {
      appNames,
      appSelector: rawSelector || undefined,
      instanceNames,
      appNamespace,
      projectNames,
    },
  };
}

/**
 * True when the entity carries an Argo CD annotation (for card/tab filters).
 * @public
 */
export function hasArgoCdAnnotations(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  const a = entity.metadata.annotations ?? {};
  return Boolean(
    a[ARGOCD_ANNOTATION_APP_NAME]?.trim() ||
      a[ARGOCD_ANNOTATION_APP_SELECTOR]?.trim() ||
      a[ARGOCD_ANNOTATION_PROJECT_NAME]?.trim(),
  );
}
