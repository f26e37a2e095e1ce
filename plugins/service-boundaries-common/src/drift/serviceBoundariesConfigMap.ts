/**
 * Parses one entry of the `service-boundaries` ConfigMap:
 *
 * ```
 * Responsibilities:
 * - Product catalog management
 * - Stock level tracking
 * Dependencies:
 * - PostgreSQL database
 * ```
 *
 * into `{ responsibilities: [...], dependencies: [...] }` (section names lower
 * camel case; any other `Name:` header becomes its own section). Items are `-`
 * or `*` bullets; a line that is neither a header nor a bullet continues the
 * previous item.
 */
export function parseServiceBoundaryText(
  text: string,
): Record<string, string[]> {
  const sections: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^([A-Za-z][\w \-/]*):$/.exec(line);
    if (header) {
      const key = header[1]
        .trim()
        .toLocaleLowerCase('en-US')
        .replace(/[\s\-/]+(\w)/g, (_, c: string) => c.toUpperCase());
      current = sections[key] = sections[key] ?? [];
      continue;
    }
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (bullet && current) {
      current.push(bullet[1].trim());
    } else if (current && current.length > 0) {
      current[current.length - 1] = `${current[current.length - 1]} ${line}`;
    }
  }
  return sections;
}

/** The `Responsibilities:` list of a ConfigMap entry (empty when absent). */
export function responsibilitiesFromConfigMapText(text: string): string[] {
  return parseServiceBoundaryText(text).responsibilities ?? [];
}
