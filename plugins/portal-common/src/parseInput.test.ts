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
});
