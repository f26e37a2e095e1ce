import { InputError } from '@backstage/errors';
import { z } from 'zod';
import type { z as z3 } from 'zod/v3';

/** Options of {@link parseInput}. @public */
export interface ParseInputOptions {
  /**
   * How the InputError reads:
   * - `all` (default): `Invalid <where>: ` then every problem, each naming its
   *   field (`where` when the problem is the whole value);
   * - `first`: the first problem alone, as `<where>.<path>: <message>`;
   * - `message`: the first problem's message alone, for schemas whose
   *   messages already name the parameter;
   * - `paths`: `Invalid <where>: ` then every problem as {@link describeIssues}
   *   writes it (`containers[0].image: …`, `(input)` for the whole value), as
   *   the scaffolder's actions answer.
   */
  report?: 'all' | 'first' | 'message' | 'paths';
}

/** A problem zod reports, as zod 4 and zod/v3 both write it. @public */
export interface InputIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  /** the keys of an `unrecognized_keys` problem */
  keys?: string[];
}

/**
 * Every problem as `field: message`, the field written as a path with
 * indices in brackets (`containers[0].image`) under `prefix`, `(input)` for
 * the whole value.
 * @public
 */
export function describeIssues(
  error: { issues: readonly InputIssue[] },
  prefix?: string,
): string[] {
  return error.issues.map(issue => {
    const path = [prefix, ...issue.path.map(String)]
      .filter(p => p !== undefined && p !== '')
      .join('.')
      .replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    return `${path || '(input)'}: ${issue.message}`;
  });
}

/**
 * `value` parsed by `schema`, or an InputError listing every problem, each
 * naming its field (`where` when the problem is the whole value), e.g.
 * `Invalid body: id: Invalid input: expected number; force: not allowed in the body`.
 * `options.report` shortens the message to the first problem, or writes the
 * fields as paths. Takes zod 4 schemas and zod/v3 ones (the scaffolder's).
 * @public
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: string,
  options?: ParseInputOptions,
): z.output<T>;
/** @public */
export function parseInput<T extends z3.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: string,
  options?: ParseInputOptions,
): z3.output<T>;
export function parseInput(
  schema: {
    safeParse(
      value: unknown,
    ):
      | { success: true; data: unknown }
      | { success: false; error: { issues: readonly InputIssue[] } };
  },
  value: unknown,
  where: string,
  options: ParseInputOptions = {},
): unknown {
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
  if (options.report === 'paths') {
    throw new InputError(
      `Invalid ${where}: ${describeIssues(result.error).join('; ')}`,
    );
  }
  const problems = issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `${issue.keys?.join(', ')}: not allowed in the ${where}`;
    }
    const field = issue.path.length ? issue.path.join('.') : where;
    return `${field}: ${issue.message}`;
  });
  throw new InputError(`Invalid ${where}: ${problems.join('; ')}`);
}
