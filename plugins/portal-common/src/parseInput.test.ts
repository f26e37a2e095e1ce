import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parseInput } from './parseInput';

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
});
