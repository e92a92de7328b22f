// The HN fit on a CPU tfjs backend (what a software WebGPU adapter trains on, workers/hn/backend.ts):
// the embeddings' gradient is a scatter-add that equals tfjs's own gather gradient, and a cancel is
// answered mid-epoch although a CPU backend's reads resolve at once (no task boundary of their own).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CancelledError } from '../../workers/errors';
import { encode, fitPrep, type FeatureGroups } from '../../workers/hn/features';
import { DEFAULT_TRAIN, embed, fitModel, HnNet } from '../../workers/hn/model';
import type { Post } from '../../workers/hn/posts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('embedding rows', () => {
  it("have tfjs gather's gradient, repeated ids summed", () => {
    const table = tf.tensor2d(
      Array.from({ length: 5 * 8 }, (_, i) => Math.sin(i)),
      [5, 8],
    );
    const ids = tf.tensor1d([3, 0, 3, 4, 3], 'int32');
    const w = tf.tensor2d(
      Array.from({ length: 5 * 8 }, (_, i) => Math.cos(i * 0.7)),
      [5, 8],
    );
    const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embed(t, ids), w)))(table);
    const theirs = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w)))(table);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()).map((x) => expect.closeTo(x, 6)));
    expect(Array.from(ours.dataSync().slice(8, 16))).toEqual(new Array(8).fill(0)); // row 1: no id
  });
});

describe('a fit on the CPU backend', () => {
  it('answers a cancel sent before it starts within the first batches, not after the whole fit', async () => {
    const groups: FeatureGroups = { title: false, time: true, domain: true, author: true, length: true, flags: true };
    const posts: Post[] = Array.from({ length: 2000 }, (_, i) => ({
      id: String(i),
      title: `post ${i}`,
      url: `https://site${i % 40}.com/`,
      author: `user${i % 90}`,
      points: 1 + ((i * 37) % 300),
      createdAt: 1_450_000_000 + i * 600,
    }));
    const prep = fitPrep(posts, groups, 0, 1);
    const net = HnNet.init(prep, 3, 1);
    const y = Int32Array.from(posts, (p) => (p.points >= 100 ? 2 : p.points >= 10 ? 1 : 0));
    const e = encode(posts, prep, null);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 0); // a message that arrives while the fit runs: one task later
    let batches = 0;
    const fit = fitModel(
      net,
      { train: e, yTrain: y, val: e, yVal: y },
      { ...DEFAULT_TRAIN, k: 3, seed: 1, maxEpochs: 50, patience: 50, batchSize: 32 },
      () => {},
      ac.signal,
      () => batches++,
    );
    await expect(fit).rejects.toBeInstanceOf(CancelledError);
    expect(batches).toBeLessThanOrEqual(1); // progress comes every 16 batches; 63 batches make one epoch
    net.dispose();
  }, 60_000);
});
