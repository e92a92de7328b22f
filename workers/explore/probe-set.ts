// A small built-in analogy probe set in questions-words.txt format, written for this
// project so evaluation works with no file: capitals, plurals, comparatives, gender pairs.
// Words are common enough to be in a text8-sized vocabulary.
const capitals = [
  ['athens', 'greece'],
  ['berlin', 'germany'],
  ['paris', 'france'],
  ['rome', 'italy'],
  ['madrid', 'spain'],
  ['london', 'england'],
  ['moscow', 'russia'],
  ['tokyo', 'japan'],
  ['cairo', 'egypt'],
  ['lisbon', 'portugal'],
];
const plurals = [
  ['car', 'cars'],
  ['city', 'cities'],
  ['king', 'kings'],
  ['book', 'books'],
  ['child', 'children'],
  ['woman', 'women'],
  ['river', 'rivers'],
  ['year', 'years'],
  ['bird', 'birds'],
  ['house', 'houses'],
];
const comparatives = [
  ['good', 'better'],
  ['bad', 'worse'],
  ['big', 'bigger'],
  ['small', 'smaller'],
  ['large', 'larger'],
  ['old', 'older'],
  ['young', 'younger'],
  ['high', 'higher'],
  ['long', 'longer'],
  ['strong', 'stronger'],
];
const gender = [
  ['man', 'woman'],
  ['king', 'queen'],
  ['boy', 'girl'],
  ['father', 'mother'],
  ['son', 'daughter'],
  ['brother', 'sister'],
  ['husband', 'wife'],
  ['prince', 'princess'],
  ['he', 'she'],
  ['uncle', 'aunt'],
];

/** Every ordered pair of distinct pairs in a section: a b c d with a:b = c:d. */
function section(name: string, pairs: string[][]): string {
  const lines = [`: ${name}`];
  for (const [a, b] of pairs) for (const [c, d] of pairs) if (a !== c) lines.push(`${a} ${b} ${c} ${d}`);
  return lines.join('\n');
}

export const PROBE_SET =
  [section('capitals', capitals), section('plurals', plurals), section('comparatives', comparatives), section('gender', gender)].join(
    '\n',
  ) + '\n';
