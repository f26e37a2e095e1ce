import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { describeIssues, parseInput } from './parseInput';

const body = z.strictObject({
  id: z.number().int(),
  prune: z.boolean().optional(),
});

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(body, { id: 3 }, 'body')).toEqual({ id: 3 });
  });

  it('names every field that is wrong, and keys that are not allowed', () => {
    const parse = () => parseInput(body, { prune: 'yes', force: true }, 'body');
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(
      /^Invalid body: id: .+; prune: .+; force: not allowed in the body$/,
    );
  });

  it('a problem with the whole value names the value', () => {
    expect(() => parseInput(z.string().min(1), '', 'q')).toThrow(
      /^Invalid q: q: /,
    );
  });

  it("report 'first' is the first problem alone, its field under where", () => {
    const list = z.object({ ids: z.array(z.string(), { error: 'a list' }) });
    expect(() =>
      parseInput(list, { ids: ['a', 7, 8] }, 'body', { report: 'first' }),
    ).toThrow(
      /^body\.ids\.1: Invalid input: expected string, received number$/,
    );
    expect(() =>
      parseInput(z.string().min(1, 'must not be empty'), '', 'q', {
        report: 'first',
      }),
    ).toThrow(/^q: must not be empty$/);
  });

  it("report 'message' is the first problem's message alone", () => {
    const groupBy = z.enum(['team', 'system'], {
      error: 'groupBy: team or system',
    });
    const parse = () =>
      parseInput(groupBy, 'planet', 'groupBy', { report: 'message' });
    expect(parse).toThrow(InputError);
    expect(parse).toThrow(/^groupBy: team or system$/);
  });

  it("report 'paths' writes every field as a path with indices in brackets, for zod/v3 schemas too", () => {
    const spec = z3
      .object({
        name: z3.string({ required_error: 'name is required' }),
        containers: z3.array(z3.object({ image: z3.string() })),
      })
      .strict();
    expect(() =>
      parseInput(
        spec,
        { containers: [{ image: 'a' }, { image: 7 }], extra: 1 },
        'service input',
        { report: 'paths' },
      ),
    ).toThrow(
      new InputError(
        "Invalid service input: name: name is required; containers[1].image: Expected string, received number; (input): Unrecognized key(s) in object: 'extra'",
      ),
    );
    expect(parseInput(spec, { name: 'x', containers: [] }, 'input')).toEqual({
      name: 'x',
      containers: [],
    });
    const list = z.object({ ids: z.array(z.string()) });
    expect(() =>
      parseInput(list, { ids: ['a', 7] }, 'body', { report: 'paths' }),
    ).toThrow(
      /^Invalid body: ids\[1\]: Invalid input: expected string, received number$/,
    );
  });

  it('describeIssues names each field under a prefix, (input) for the whole value', () => {
    const result = z3.array(z3.number()).safeParse(['x']);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(describeIssues(result.error, 'spec.ports')).toEqual([
      'spec.ports[0]: Expected number, received string',
    ]);
    const whole = z3.string().safeParse(3);
    if (whole.success) return;
    expect(describeIssues(whole.error)).toEqual([
      '(input): Expected string, received number',
    ]);
  });
});
