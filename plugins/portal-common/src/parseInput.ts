import { InputError } from '@backstage/errors';
import { z } from 'zod';

/** Options of {@link parseInput}. @public */
export interface ParseInputOptions {
  /**
   * How the InputError reads:
   * - `all` (default): `Invalid <where>: ` then every problem, each naming its
   *   field (`where` when the problem is the whole value);
   * - `first`: the first problem alone, as `<where>.<path>: <message>`;
   * - `message`: the first problem's message alone, for schemas whose
   *   messages already name the parameter.
   */
  report?: 'all' | 'first' | 'message';
}

/**
 * `value` parsed by `schema`, or an InputError listing every problem, each
 * naming its field (`where` when the problem is the whole value), e.g.
 * `Invalid body: id: Invalid input: expected number; force: not allowed in the body`.
 * `options.report` shortens the message to the first problem.
 * @public
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
  options: ParseInputOptions = {},
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { issues } = result.error;
  if (options.report === 'message') {
    throw new InputError(issues[0]?.message ?? 'invalid input');
  }
  if (options.report === 'first') {
    const path = [where, ...issues[0].path.map(String)].join('.');
    throw new InputError(`${path}: ${issues[0].message}`);
  }
  const problems = issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `${issue.keys.join(', ')}: not allowed in the ${where}`;
    }
    const field = issue.path.length ? issue.path.join('.') : where;
    return `${field}: ${issue.message}`;
  });
  throw new InputError(`Invalid ${where}: ${problems.join('; ')}`);
}
