import { LabelSelector } from '../kubernetesObjects';

/**
 * Does a Kubernetes label selector select these labels? An empty selector
 * selects everything, as in Kubernetes.
 * @public
 */
export function selectorMatches(
  selector: LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
    if (l[k] !== v) return false;
  }
  for (const req of selector?.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(l[req.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[req.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * Parses the label selector syntax of `kubectl -l` and the
 * `backstage.io/kubernetes-label-selector` annotation: `a=b,c!=d,e in (f,g),h notin (i),j,!k`.
 * Returns undefined when the text is not a valid selector.
 * @public
 */
export function parseLabelSelector(text: string): LabelSelector | undefined {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector['matchExpressions']> = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) return undefined;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) return undefined;
  parts.push(cur);
  const key = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
  const equality = new RegExp(`^${key}\\s*(==|=)\\s*([-A-Za-z0-9_.]*)$`);
  const inequality = new RegExp(`^${key}\\s*!=\\s*([-A-Za-z0-9_.]*)$`);
  const setBased = new RegExp(`^${key}\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
  const absent = new RegExp(`^!\\s*${key}$`);
  const present = new RegExp(`^${key}$`);
  for (const raw of parts.map(p => p.trim())) {
    if (!raw) continue;
    const eq = equality.exec(raw);
    const ne = inequality.exec(raw);
    const set = setBased.exec(raw);
    const not = absent.exec(raw);
    const has = present.exec(raw);
    if (eq) {
      matchLabels[eq[1]] = eq[3];
    } else if (ne) {
      matchExpressions.push({ key: ne[1], operator: 'NotIn', values: [ne[2]] });
    } else if (set) {
      matchExpressions.push({
        key: set[1],
        operator: set[2] === 'in' ? 'In' : 'NotIn',
        values: set[3]
          .split(',')
          .map(v => v.trim())
          .filter(Boolean),
      });
    } else if (not) {
      matchExpressions.push({ key: not[1], operator: 'DoesNotExist' });
    } else if (has) {
      matchExpressions.push({ key: has[1], operator: 'Exists' });
    } else {
      return undefined;
    }
  }
  return { matchLabels, matchExpressions };
}
