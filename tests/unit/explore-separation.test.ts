// The "vectors have not separated yet" hint under a neighbour list: every one of at least three
// neighbours above cosine similarity 0.95.
import { describe, expect, it } from 'vitest';
import { notSeparated } from '../../src/panels/explore/separation';

describe('notSeparated', () => {
  it('is true only when every neighbour is above 0.95', () => {
    expect(notSeparated([0.992, 0.989, 0.985, 0.951])).toBe(true);
    expect(notSeparated([0.992, 0.989, 0.95])).toBe(false); // 0.95 itself is not above
    expect(notSeparated([0.99, 0.98, 0.62])).toBe(false);
  });

  it('does not judge fewer than three neighbours', () => {
    expect(notSeparated([])).toBe(false);
    expect(notSeparated([0.99])).toBe(false);
    expect(notSeparated([0.99, 0.98])).toBe(false);
  });
});
