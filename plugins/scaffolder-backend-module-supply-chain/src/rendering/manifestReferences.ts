import { selectorMatches } from '@supply-chain/plugin-rollouts-common';
import { AnyObject, describeObject as describe } from './manifestSchemas';

/*
 * The references between rendered objects that no per-object schema catches:
 * a Service selecting no pod, an HPA scaling a Deployment that does not exist,
 * a probe on a port the container does not declare. Run after the schemas
 * passed, so every field read here is there.
 */

type Labels = Record<string, string>;

const podLabelsOf = (deployment: AnyObject): Labels =>
  deployment.spec.template.metadata.labels;

function deploymentProblems(d: AnyObject, all: AnyObject[]): string[] {
  const problems: string[] = [];
  if (!selectorMatches(d.spec.selector, podLabelsOf(d))) {
    problems.push(
      `${describe(d)}: spec.selector does not match the pod template labels`,
    );
  }
  for (const c of d.spec.template.spec.containers) {
    const portNames = new Set<string>();
    const portNumbers = new Set<number>();
    for (const p of c.ports) {
      if (portNames.has(p.name) || portNumbers.has(p.containerPort)) {
        problems.push(
          `${describe(d)}: container ${c.name} declares port ${p.name}/${
            p.containerPort
          } twice`,
        );
      }
      portNames.add(p.name);
      portNumbers.add(p.containerPort);
    }
    for (const probeName of ['livenessProbe', 'readinessProbe']) {
      const port = c[probeName].httpGet.port;
      if (
        typeof port === 'string' ? !portNames.has(port) : !portNumbers.has(port)
      ) {
        problems.push(
          `${describe(
            d,
          )}: ${probeName} uses port ${port}, which the container does not declare`,
        );
      }
    }
    for (const e of c.env ?? []) {
      const secret = e.valueFrom?.secretKeyRef?.name;
      if (
        secret &&
        !all.some(
          o => o.kind === 'ExternalSecret' && o.spec.target.name === secret,
        )
      ) {
        problems.push(
          `${describe(d)}: env ${
            e.name
          } reads Secret ${secret}, which no ExternalSecret creates`,
        );
      }
    }
  }
  const sa = d.spec.template.spec.serviceAccountName;
  if (
    sa !== 'default' &&
    !all.some(o => o.kind === 'ServiceAccount' && o.metadata?.name === sa)
  ) {
    problems.push(`${describe(d)}: serviceAccountName ${sa} is not rendered`);
  }
  return problems;
}

function serviceProblems(s: AnyObject, deployments: AnyObject[]): string[] {
  const problems: string[] = [];
  const selected = deployments.filter(d =>
    selectorMatches({ matchLabels: s.spec.selector }, podLabelsOf(d)),
  );
  if (selected.length === 0) {
    problems.push(
      `${describe(s)}: spec.selector selects no rendered Deployment`,
    );
  }
  const names = new Set<string>();
  for (const p of s.spec.ports) {
    if (names.has(p.name))
      problems.push(`${describe(s)}: port name ${p.name} is used twice`);
    names.add(p.name);
    if (
      typeof p.targetPort === 'string' &&
      !selected.some(d =>
        d.spec.template.spec.containers.some((c: AnyObject) =>
          c.ports.some((cp: AnyObject) => cp.name === p.targetPort),
        ),
      )
    ) {
      problems.push(
        `${describe(s)}: targetPort ${
          p.targetPort
        } is not a container port name`,
      );
    }
  }
  return problems;
}

function scaleTargetProblems(h: AnyObject, deployments: AnyObject[]) {
  const target = h.spec.scaleTargetRef.name;
  return deployments.some(d => d.metadata?.name === target)
    ? []
    : [`${describe(h)}: scaleTargetRef ${target} is not a rendered Deployment`];
}

/** A VPA sizes a rendered Deployment, and each of its policies one of its containers. */
function vpaTargetProblems(v: AnyObject, deployments: AnyObject[]) {
  const target = deployments.find(
    d => d.metadata?.name === v.spec.targetRef.name,
  );
  if (!target) {
    return [
      `${describe(v)}: targetRef ${
        v.spec.targetRef.name
      } is not a rendered Deployment`,
    ];
  }
  const containers: AnyObject[] = target.spec?.template?.spec?.containers ?? [];
  return v.spec.resourcePolicy.containerPolicies
    .filter((p: AnyObject) => !containers.some(c => c.name === p.containerName))
    .map(
      (p: AnyObject) =>
        `${describe(v)}: containerPolicies containerName ${
          p.containerName
        } is not a container of Deployment ${target.metadata.name}`,
    );
}

/** A PodDisruptionBudget's or AuthorizationPolicy's pods must exist. */
function podSelectorProblems(o: AnyObject, deployments: AnyObject[]) {
  return deployments.some(d => selectorMatches(o.spec.selector, podLabelsOf(d)))
    ? []
    : [`${describe(o)}: selector matches no rendered Deployment`];
}

function serviceMonitorProblems(m: AnyObject, services: AnyObject[]) {
  const problems: string[] = [];
  const selected = services.filter(s =>
    selectorMatches(m.spec.selector, s.metadata?.labels),
  );
  if (selected.length === 0) {
    problems.push(
      `${describe(m)}: selector matches no rendered Service (by its labels)`,
    );
  }
  for (const e of m.spec.endpoints) {
    if (
      !selected.some(s =>
        s.spec.ports.some((p: AnyObject) => p.name === e.port),
      )
    ) {
      problems.push(
        `${describe(m)}: endpoint port ${e.port} is not a Service port name`,
      );
    }
  }
  return problems;
}

/** Every broken reference between the objects, each naming object and field. */
export function referenceProblems(all: AnyObject[]): string[] {
  const ofKind = (kind: string) => all.filter(o => o.kind === kind);
  const deployments = ofKind('Deployment');
  const services = ofKind('Service');
  return [
    ...deployments.flatMap(d => deploymentProblems(d, all)),
    ...services.flatMap(s => serviceProblems(s, deployments)),
    ...ofKind('HorizontalPodAutoscaler').flatMap(h =>
      scaleTargetProblems(h, deployments),
    ),
    ...ofKind('VerticalPodAutoscaler').flatMap(v =>
      vpaTargetProblems(v, deployments),
    ),
    ...['PodDisruptionBudget', 'AuthorizationPolicy'].flatMap(kind =>
      ofKind(kind).flatMap(o => podSelectorProblems(o, deployments)),
    ),
    ...ofKind('ServiceMonitor').flatMap(m =>
      serviceMonitorProblems(m, services),
    ),
  ];
}
