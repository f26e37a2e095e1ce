import {
  DeploymentObject,
  HorizontalPodAutoscalerObject,
  HpaMetric,
  MetricTarget,
  MetricValue,
} from '../kubernetesObjects';
import { HpaMetricStatus, HpaStatus } from '../types';
import { parseQuantity } from './quantity';

/**
 * Does this HPA scale this Deployment? (same namespace, scaleTargetRef kind Deployment and name)
 * @public
 */
export function hpaTargetsDeployment(
  hpa: HorizontalPodAutoscalerObject,
  deployment: DeploymentObject,
): boolean {
  const ref = hpa.spec.scaleTargetRef;
  return (
    (hpa.metadata.namespace ?? '') === (deployment.metadata.namespace ?? '') &&
    ref.kind === 'Deployment' &&
    ref.name === deployment.metadata.name &&
    (!ref.apiVersion || ref.apiVersion.startsWith('apps/'))
  );
}

function source(
  m: HpaMetric,
): { name: string; target?: MetricTarget; current?: MetricValue } | undefined {
  switch (m.type) {
    case 'Resource':
      return (
        m.resource && {
          name: m.resource.name,
          target: m.resource.target,
          current: m.resource.current,
        }
      );
    case 'ContainerResource':
      return (
        m.containerResource && {
          name: `${m.containerResource.name} (${m.containerResource.container})`,
          target: m.containerResource.target,
          current: m.containerResource.current,
        }
      );
    case 'Pods':
      return (
        m.pods && {
          name: m.pods.metric.name,
          target: m.pods.target,
          current: m.pods.current,
        }
      );
    case 'Object':
      return (
        m.object && {
          name: m.object.metric.name,
          target: m.object.target,
          current: m.object.current,
        }
      );
    case 'External':
      return (
        m.external && {
          name: m.external.metric.name,
          target: m.external.target,
          current: m.external.current,
        }
      );
    default:
      return undefined;
  }
}

function targetText(t: MetricTarget | undefined): string {
  if (!t) return '?';
  if (t.type === 'Utilization' && t.averageUtilization !== undefined)
    return `${t.averageUtilization}%`;
  if (t.type === 'AverageValue' && t.averageValue !== undefined)
    return `${t.averageValue}`;
  if (t.type === 'Value' && t.value !== undefined) return `${t.value}`;
  return '?';
}

function currentFor(
  t: MetricTarget | undefined,
  c: MetricValue | undefined,
): {
  text?: string;
  above?: boolean;
} {
  if (!t || !c) return {};
  if (t.type === 'Utilization') {
    if (c.averageUtilization === undefined) return {};
    return {
      text: `${c.averageUtilization}%`,
      above:
        t.averageUtilization !== undefined
          ? c.averageUtilization > t.averageUtilization
          : undefined,
    };
  }
  const cur = t.type === 'Value' ? c.value : c.averageValue;
  const tgt = t.type === 'Value' ? t.value : t.averageValue;
  if (cur === undefined) return {};
  const cn = parseQuantity(cur);
  const tn = parseQuantity(tgt);
  return {
    text: `${cur}`,
    above: cn !== undefined && tn !== undefined ? cn > tn : undefined,
  };
}

function sameMetric(a: HpaMetric, b: HpaMetric): boolean {
  if (a.type !== b.type) return false;
  const sa = source(a);
  const sb = source(b);
  return !!sa && !!sb && sa.name === sb.name;
}

/**
 * The HPA as the portal shows it, with "capped": the HPA would want more replicas
 * than maxReplicas (or fewer than minReplicas) allows, so the desired count is clamped.
 * @public
 */
export function computeHpaStatus(
  hpa: HorizontalPodAutoscalerObject,
): HpaStatus {
  const min = hpa.spec.minReplicas ?? 1;
  const max = hpa.spec.maxReplicas;
  const current = hpa.status?.currentReplicas ?? 0;
  const desired = hpa.status?.desiredReplicas ?? current;
  const metrics: HpaMetricStatus[] = (hpa.spec.metrics ?? []).flatMap(spec => {
    const s = source(spec);
    if (!s) return [];
    const status = (hpa.status?.currentMetrics ?? []).find(c =>
      sameMetric(spec, c),
    );
    const cur = currentFor(
      s.target,
      status ? source(status)?.current : undefined,
    );
    return [
      {
        name: s.name,
        type: spec.type,
        target: targetText(s.target),
        current: cur.text,
        aboveTarget: cur.above,
      },
    ];
  });

  const conditions = hpa.status?.conditions ?? [];
  const limited = conditions.find(c => c.type === 'ScalingLimited');
  const above = metrics.filter(m => m.aboveTarget === true);
  const describe = (ms: HpaMetricStatus[], word: string) =>
    ms.map(m => `${m.name} ${m.current} ${word} target ${m.target}`).join(', ');

  let capped = false;
  let cappedReason: string | undefined;
  if (limited?.status === 'True' && limited.reason === 'TooManyReplicas') {
    capped = true;
    cappedReason = `desired replicas clamped to maxReplicas ${max}${
      above.length ? `: ${describe(above, 'above')}` : ''
    }${limited.message ? ` (${limited.message})` : ''}`;
  } else if (
    limited?.status === 'True' &&
    limited.reason === 'TooFewReplicas'
  ) {
    capped = true;
    cappedReason = `desired replicas clamped to minReplicas ${min}${
      limited.message ? ` (${limited.message})` : ''
    }`;
  } else if (desired >= max && above.length > 0) {
    capped = true;
    cappedReason = `desired replicas clamped to maxReplicas ${max}: ${describe(
      above,
      'above',
    )}`;
  }

  const problems = conditions
    .filter(
      c =>
        (c.type === 'AbleToScale' || c.type === 'ScalingActive') &&
        c.status === 'False',
    )
    .map(
      c =>
        `${c.type} is False${c.reason ? ` (${c.reason})` : ''}${
          c.message ? `: ${c.message}` : ''
        }`,
    );

  return {
    name: hpa.metadata.name,
    min,
    max,
    current,
    desired,
    metrics,
    capped,
    cappedReason,
    problems,
  };
}
