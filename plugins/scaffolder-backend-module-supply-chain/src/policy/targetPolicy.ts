import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { DNS_1123_LABEL } from '../rendering/validation';

/**
 * Kinds `supply-chain:kubernetes:apply` may send, as `<group>/<Kind>` (the
 * core group as `<Kind>`): what the templates render, nothing cluster-scoped,
 * no RBAC, no Secret.
 */
export const DEFAULT_ALLOWED_KINDS = [
  'apps/Deployment',
  'Service',
  'ServiceAccount',
  'ConfigMap',
  'autoscaling/HorizontalPodAutoscaler',
  'policy/PodDisruptionBudget',
  'networking.istio.io/VirtualService',
  'networking.istio.io/DestinationRule',
  'security.istio.io/AuthorizationPolicy',
  'monitoring.coreos.com/ServiceMonitor',
  'external-secrets.io/ExternalSecret',
  'ml.supplychain.io/MLModel',
];

/** Kinds never applied, whatever `allowedKinds` says. */
const NEVER_APPLIED = new Set([
  'Namespace',
  'Secret',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/RoleBinding',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
]);

/** The field manager every apply uses (a template may add a suffix). */
export const FIELD_MANAGER = 'backstage-scaffolder';

/** The annotation the scaffolder stamps on Argo CD applications it creates. */
export const OWNER_ANNOTATION = 'supply-chain.io/owner';

/** One entry of `supplyChain.scaffolder.allowedTargets`. */
export type AllowedTarget = {
  /** entity ref of the owning group, or '*' for every owner */
  owner: string;
  /** cluster names of `supplyChain.scaffolder.clusters` ('*': all of them) */
  clusters: string[];
  namespaces: string[];
};

/** What the platform allows the supply-chain actions to touch (from config). */
export type TargetPolicy = {
  adminGroups: string[];
  gitops?: { repoUrl: string; branch: string };
  argocd: { project?: string; namespace: string };
  allowedTargets: AllowedTarget[];
  allowedKinds: string[];
  /** Gitea organizations (or users) new repositories may be created in */
  giteaOwners: string[];
  /** cluster name -> its Argo CD destination (server URL or name) */
  argocdDestinations: { cluster: string; server?: string; name?: string }[];
};

/** `group:default/x` from `x`, `group:x`, `Group:default/X`. */
export function normalizeRef(ref: string, defaultKind = 'group'): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

/** A repository URL compared for equality: no trailing slash. */
export const normalizeRepoUrl = (url: string) => url.trim().replace(/\/+$/, '');

/** Reads the policy; every allow-list is empty (deny) unless configured. */
export function readTargetPolicy(config: Config): TargetPolicy {
  const s = config.getOptionalConfig('supplyChain.scaffolder');
  const repoUrl = s?.getOptionalString('gitops.repoUrl');
  return {
    adminGroups: (
      config.getOptionalStringArray('supplyChain.permission.adminGroups') ?? [
        'group:default/platform-team',
      ]
    ).map(g => normalizeRef(g)),
    gitops: repoUrl
      ? {
          repoUrl: normalizeRepoUrl(repoUrl),
          branch: s?.getOptionalString('gitops.branch') ?? 'main',
        }
      : undefined,
    argocd: {
      project: s?.getOptionalString('argocd.project'),
      namespace: s?.getOptionalString('argocd.namespace') ?? 'argocd',
    },
    allowedTargets: (s?.getOptionalConfigArray('allowedTargets') ?? []).map(
      t => {
        const owner = t.getString('owner');
        return {
          owner: owner === '*' ? '*' : normalizeRef(owner),
          clusters: t.getStringArray('clusters'),
          namespaces: t.getStringArray('namespaces'),
        };
      },
    ),
    allowedKinds: (
      s?.getOptionalStringArray('kubernetes.allowedKinds') ??
      DEFAULT_ALLOWED_KINDS
    ).filter(k => !NEVER_APPLIED.has(k)),
    giteaOwners: s?.getOptionalStringArray('gitea.allowedOwners') ?? [],
    argocdDestinations: (s?.getOptionalConfigArray('clusters') ?? []).map(
      c => ({
        cluster: c.getString('name'),
        server: c.getOptionalString('argocd.server'),
        name: c.getOptionalString('argocd.name'),
      }),
    ),
  };
}

/** Who started the task, as far as writes are concerned. */
export type Caller = {
  userRef: string;
  /** the groups the user is a member of, and the user itself */
  owners: Set<string>;
  isAdmin: boolean;
};

/** The task's user; a task without one (a service) may write nothing. */
export function callerOf(
  user: { entity?: Entity; ref?: string } | undefined,
  policy: TargetPolicy,
): Caller {
  if (!user?.ref) {
    throw new NotAllowedError(
      'supply-chain actions run only for a signed-in user; this task has none',
    );
  }
  const userRef = normalizeRef(user.ref, 'user');
  const owners = new Set<string>([userRef]);
  for (const r of user.entity?.relations ?? []) {
    if (r.type === 'memberOf')
      owners.add(r.targetRef.toLocaleLowerCase('en-US'));
  }
  const memberOf = user.entity?.spec?.memberOf;
  if (Array.isArray(memberOf)) {
    for (const g of memberOf) {
      if (typeof g === 'string') owners.add(normalizeRef(g));
    }
  }
  return {
    userRef,
    owners,
    isAdmin: policy.adminGroups.some(g => owners.has(g)),
  };
}

/**
 * The owner a task creates for: one of the caller's groups (or the caller),
 * any owner for an admin. NotAllowedError naming the field otherwise.
 */
export function requireOwner(
  caller: Caller,
  policy: TargetPolicy,
  owner: string | undefined,
  field = 'owner',
): string {
  if (!owner) {
    throw new InputError(`${field}: the owning group is required`);
  }
  let ref: string;
  try {
    ref = normalizeRef(owner);
  } catch (e) {
    throw new InputError(`${field}: '${owner}' is not an entity reference`);
  }
  if (!caller.owners.has(ref) && !caller.isAdmin) {
    throw new NotAllowedError(
      `${field}: ${
        caller.userRef
      } is not a member of ${ref}; only its members (or ${policy.adminGroups.join(
        ', ',
      )}) may create for it`,
    );
  }
  return ref;
}

/** Throws unless `owner` may deploy into namespace `namespace` of `cluster`. */
export function requireTarget(
  policy: TargetPolicy,
  owner: string,
  cluster: string,
  namespace: string | undefined,
  field: string,
) {
  if (!namespace || !DNS_1123_LABEL.test(namespace)) {
    throw new InputError(`${field}: a namespace is required`);
  }
  const entries = policy.allowedTargets.filter(
    t => t.owner === owner || t.owner === '*',
  );
  const ok = entries.some(
    t =>
      (t.clusters.includes(cluster) || t.clusters.includes('*')) &&
      t.namespaces.includes(namespace),
  );
  if (!ok) {
    const allowed = entries
      .map(t => `${t.clusters.join('|')}: ${t.namespaces.join(', ')}`)
      .join('; ');
    throw new InputError(
      `${field}: ${owner} may not deploy to namespace ${namespace} of cluster ${cluster} (supplyChain.scaffolder.allowedTargets allows ${
        allowed || 'nothing'
      } for it)`,
    );
  }
}

/** The cluster name of an Argo CD destination; InputError when it is not a configured one. */
export function clusterOfDestination(
  policy: TargetPolicy,
  destination: { server?: string; name?: string } | undefined,
  field: string,
): string {
  const server = destination?.server?.replace(/\/+$/, '');
  const found = policy.argocdDestinations.find(
    d =>
      (server !== undefined && d.server?.replace(/\/+$/, '') === server) ||
      (destination?.name !== undefined && d.name === destination.name),
  );
  if (!found) {
    throw new InputError(
      `${field}: ${
        destination?.server ?? destination?.name ?? '(none)'
      } is not the Argo CD destination of a cluster in supplyChain.scaffolder.clusters (argocd.server)`,
    );
  }
  return found.cluster;
}

/** The configured GitOps repository; InputError when `repoUrl` is another one. */
export function requireGitopsRepo(
  policy: TargetPolicy,
  repoUrl: string,
  field = 'repoUrl',
) {
  if (!policy.gitops) {
    throw new InputError(
      `${field}: no GitOps repository is configured (supplyChain.scaffolder.gitops.repoUrl), so nothing may be committed or deployed from one`,
    );
  }
  if (normalizeRepoUrl(repoUrl) !== policy.gitops.repoUrl) {
    throw new InputError(
      `${field}: ${repoUrl} is not the GitOps repository ${policy.gitops.repoUrl} (supplyChain.scaffolder.gitops.repoUrl)`,
    );
  }
  return policy.gitops;
}

/** `apps/<name>` or `models/<name>`, parsed; InputError naming the field otherwise. */
export function parseGitopsFolder(
  targetPath: string,
  field = 'targetPath',
): { area: 'apps' | 'models'; name: string } {
  const m = /^(apps|models)\/([^/]+)\/?$/.exec(targetPath);
  if (!m || !DNS_1123_LABEL.test(m[2])) {
    throw new InputError(
      `${field}: '${targetPath}' is not a folder the scaffolder may write; only apps/<name> or models/<name> (a DNS-1123 name) of the GitOps repository`,
    );
  }
  return { area: m[1] as 'apps' | 'models', name: m[2] };
}

/** `group/Kind` of an object, as the allow-list writes it. */
export function kindKey(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return group ? `${group}/${kind}` : kind;
}

/** Throws unless the kind is on the allow-list. */
export function requireAllowedKind(
  policy: TargetPolicy,
  apiVersion: string,
  kind: string,
  field: string,
) {
  const key = kindKey(apiVersion, kind);
  if (!policy.allowedKinds.includes(key)) {
    throw new InputError(
      `${field}: ${kind} (${apiVersion}) may not be applied by the scaffolder; allowed kinds: ${policy.allowedKinds.join(
        ', ',
      )}`,
    );
  }
}
