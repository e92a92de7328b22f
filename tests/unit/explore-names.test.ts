// Names of vector sets and of the files they export: unique names ("… (2)"), file-name stems.
import { describe, expect, it } from 'vitest';
import { uniqueName, storageOf } from '../../workers/vectors/format';
import { exportFiles, fileStem } from '../../workers/vectors/write';

describe('vector set names', () => {
  it('uniqueName adds the first free (n)', () => {
    expect(uniqueName('text8 · dim 100', [])).toBe('text8 · dim 100');
    expect(uniqueName('text8 · dim 100', ['text8 · dim 100'])).toBe('text8 · dim 100 (2)');
    expect(uniqueName('a', ['a', 'a (2)', 'a (4)'])).toBe('a (3)');
  });

  it('storageOf counts the matrix and the words in UTF-8', () => {
    expect(storageOf(['man', 'café'], new Float32Array(6))).toBe(24 + 3 + 5);
  });

  it('fileStem keeps a safe, readable stem', () => {
    expect(fileStem('text8 · dim 100 · 5 epochs')).toBe('text8_dim_100_5_epochs');
    expect(fileStem('café/../../etc')).toBe('cafe_.._.._etc');
    expect(fileStem('..hidden')).toBe('hidden');
    expect(fileStem('   ')).toBe('vectors');
    expect(fileStem('CON')).toBe('CON_');
    expect(fileStem('x'.repeat(200))).toHaveLength(80);
  });

  it('exportFiles names every format after the set', () => {
    const v = { words: ['a', 'b'], matrix: new Float32Array(4), dim: 2 };
    expect(exportFiles(v, 'vec', 'my set').map((f) => f.name)).toEqual(['my_set.vec']);
    expect(exportFiles(v, 'bin', 'my set').map((f) => f.name)).toEqual(['my_set.bin']);
    expect(exportFiles(v, 'tsv', 'my set').map((f) => f.name)).toEqual(['my_set.tsv', 'my_set-metadata.tsv']);
    expect(exportFiles(v, 'vec').map((f) => f.name)).toEqual(['vectors.vec']);
  });
});
