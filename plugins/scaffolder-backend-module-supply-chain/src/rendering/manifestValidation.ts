import { referenceProblems } from './manifestReferences';
import { AnyObject, schemaProblems } from './manifestSchemas';

/**
 * Checks every object against its kind's schema and, when all pass, the
 * references between them. Returns the problems found (empty: valid), each
 * naming the object and field. The integration test additionally sends every
 * object to a real apiserver with server-side dry run.
 */
export function validateManifestSet(objects: readonly unknown[]): string[] {
  const all = objects as AnyObject[];
  const problems = schemaProblems(all);
  return problems.length > 0 ? problems : referenceProblems(all);
}
