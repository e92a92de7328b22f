// The train runner's stderr progress line: no "loss NaN" before the first loss read-back.
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../scripts/commands/train';
import type { TrainProgress } from '../../workers/train/commands';

const p: TrainProgress = {
  phase: 'training',
  epoch: 1,
  epochs: 5,
  fraction: 0.25,
  wordsPerSec: 51234.4,
  pairsPerSec: 3e5,
  alpha: 0.01875,
  adapter: 'google swiftshader',
  loss: [],
};

describe('runner progress line', () => {
  it('shows "loss —" until a loss has been read back, then the value', () => {
    expect(progressLine({ ...p, phase: 'compiling', fraction: 0 }, undefined)).toBe(
      'compiling epoch 2/5 0.0% 51234 words/s lr 0.01875 loss — google swiftshader',
    );
    expect(progressLine(p, undefined)).not.toMatch(/NaN/);
    expect(progressLine(p, 2.345678)).toBe('training epoch 2/5 25.0% 51234 words/s lr 0.01875 loss 2.3457 google swiftshader');
  });
});
