// Whether a word's nearest neighbours say the vectors have not come apart yet. Early in training
// (or on too little text) every vector still points much the same way, so a word's whole top-n
// list sits near cosine similarity 1 and the ranking among them means little.

/** Cosine similarity above which a neighbour counts as "the same direction". */
export const SAME_DIRECTION = 0.95;
/** Fewer neighbours than this are not judged: one or two close words can be real synonyms. */
const AT_LEAST = 3;

/** True when there are at least 3 cosine similarities and every one is above 0.95. */
export function notSeparated(cosines: readonly number[]): boolean {
  return cosines.length >= AT_LEAST && cosines.every((c) => c > SAME_DIRECTION);
}

/** The hint shown under such a list. */
export const NOT_SEPARATED =
  `All these neighbours are above ${SAME_DIRECTION} cosine similarity: the vectors have probably not separated yet ` +
  '(too little text or too few epochs), so their order says little. Train for more epochs or on more text.';
