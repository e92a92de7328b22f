// Divergence checks for a run: a loss that is NaN/Infinity or has exploded, and vectors
// that are no longer finite. A diverged run stops; its last good checkpoint is kept.

/**
 * Mean loss per (centre, context) pair of an untrained model: syn1 starts at zero, so each
 * of the 1 + negative terms is −log σ(0) = ln 2.
 */
export const initialLossPerPair = (negative: number): number => (1 + negative) * Math.LN2;

/**
 * A batch's mean loss per pair above this has exploded: SGNS starts at initialLossPerPair
 * and falls; three times that means the average term is far on the wrong side (|dot| ≫ 6,
 * where word2vec's gradient saturates), which only a too-high learning rate produces.
 */
export const explodedLossPerPair = (negative: number): number => 3 * initialLossPerPair(negative);

export type LossVerdict = 'ok' | 'nan' | 'exploded';

/** `loss`: Σ of the batch's loss terms; `pairs`: pairs trained in it. */
export function checkLoss(loss: number, pairs: number, negative: number): LossVerdict {
  if (!Number.isFinite(loss) || !Number.isFinite(pairs)) return 'nan';
  if (pairs > 0 && loss / pairs > explodedLossPerPair(negative)) return 'exploded';
  return 'ok';
}

/** True when every value is finite (no NaN, no ±Infinity). */
export function allFinite(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) {
    // x − x is 0 for finite x and NaN for NaN and ±Infinity.
    if (a[i] - a[i] !== 0) return false;
  }
  return true;
}

/** The message a user sees when a run diverges (names the likely cause and what is kept). */
export function divergedMessage(
  verdict: Exclude<LossVerdict, 'ok'>,
  lossPerPair: number,
  alpha: number,
  negative: number,
  keptFraction: number | undefined,
): string {
  const what =
    verdict === 'nan'
      ? 'The loss became NaN (not a number)'
      : `The loss exploded to ${lossPerPair.toPrecision(3)} per pair (an untrained model starts at ${initialLossPerPair(negative).toFixed(2)})`;
  const kept =
    keptFraction === undefined
      ? 'No checkpoint of this run was saved before it diverged.'
      : `The last good checkpoint (${(keptFraction * 100).toFixed(1)}% done) is kept: save its vectors or discard it.`;
  return `${what}: training diverged and was stopped. The learning rate (alpha ${alpha}) is probably too high; try 0.025 (the default) or lower. ${kept}`;
}
