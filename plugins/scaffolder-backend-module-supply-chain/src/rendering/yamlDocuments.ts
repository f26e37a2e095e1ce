import { parseAllDocuments, stringify } from 'yaml';

/** A Kubernetes object as rendered: plain JSON data. */
export type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
};

/** A file of a rendered manifest set, path relative to the target folder. */
export type RenderedFile = {
  path: string;
  content: string;
};

const OPTIONS = {
  // no folding: a long string stays on one line, so the bytes never depend on a width
  lineWidth: 0,
  minContentWidth: 0,
  indent: 2,
  // `- item` directly under its key, as kubectl and most manifests write them
  indentSeq: false,
  // quote strings that would otherwise read as numbers/booleans ("true", "8080")
  defaultStringType: 'PLAIN' as const,
  defaultKeyType: 'PLAIN' as const,
};

/**
 * Writes objects as a multi-document YAML file. Key order is the order the
 * renderer built the objects in (fixed code, no sorting surprises); the same
 * objects always give the same bytes.
 */
export function toYamlDocuments(objects: readonly unknown[]): string {
  return objects.map(o => stringify(o, OPTIONS)).join('---\n');
}

/** Parses a multi-document YAML file back, throwing on any YAML error. */
export function parseYamlDocuments(content: string): unknown[] {
  return parseAllDocuments(content).map(doc => {
    if (doc.errors.length > 0) {
      throw new Error(doc.errors.map(e => e.message).join('; '));
    }
    return doc.toJS();
  });
}
