import { describe, it, expect } from 'vitest';
import { parseFlags, LabFailure } from '../../scripts/lab-context';

describe('runner flags', () => {
  it('reads --name value and --name=value, numbers checked', () => {
    const f = parseFlags(['--corpus', 'a.zip', '--min-count=3', '--export', 'x.vec']);
    expect(f.string('corpus', '')).toBe('a.zip');
    expect(f.number('min-count', 5)).toBe(3);
    expect(f.number('dim', 100)).toBe(100);
    expect(f.optString('export')).toBe('x.vec');
    expect(() => f.assertAllUsed()).not.toThrow();
  });
  it('rejects non-numbers and unknown flags', () => {
    const f = parseFlags(['--dim', 'abc', '--bogus', '1']);
    expect(() => f.number('dim', 100)).toThrow(LabFailure);
    expect(() => f.assertAllUsed()).toThrow(/--bogus/);
  });
});
