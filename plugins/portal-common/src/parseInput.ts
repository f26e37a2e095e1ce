import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * `value` parsed by `schema`, or an InputError listing every problem, each
 * naming its field (`where` when the problem is the whole value), e.g.
 * `Invalid body: id: Invalid input: expected number; force: not allowed in the body`.
 * @public
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `${issue.keys.join(', ')}: not allowed in the ${where}`;
    }
    const field = issue.path.length ? issue.path.join('.') : where;
    return `${field}: ${issue.message}`;
  });
  throw new InputError(`Invalid ${where}: ${problems.join('; ')}`);
}
