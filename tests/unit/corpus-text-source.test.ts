import { describe, it, expect } from 'vitest';
import { gzipSync, zipSync } from 'fflate';
import { AHEAD, Credit, pumpText, TextReceiver, type TextMsg } from '../../workers/corpus/text-source';
import { coalesce } from '../../workers/corpus/streams';

const text = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i % 7 === 6 ? 32 : 97 + (i % 26)));

async function drain(s: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of s as unknown as AsyncIterable<Uint8Array>) out.push(c);
  return out;
}
const join = (parts: Uint8Array[]): Buffer => Buffer.concat(parts);
/** Byte equality (vitest's deep equality is slow on megabytes). */
const same = (a: Buffer, b: Uint8Array): boolean => a.equals(b);

function piecewise(bytes: Uint8Array, piece: number): ReadableStream<Uint8Array> {
  let o = 0;
  return new ReadableStream({
    pull(ctl) {
      if (o >= bytes.length) return ctl.close();
      ctl.enqueue(bytes.slice(o, (o += piece)));
    },
  });
}

describe('text chunks for the counting thread', () => {
  it('coalesce: same bytes, chunks grow from 64 KB to the cap', async () => {
    const t = text(3_000_000);
    const parts = await drain(coalesce(piecewise(t, 10_000), 1 << 20, 4));
    expect(same(join(parts), t)).toBe(true);
    expect(parts.slice(0, 5).map((p) => p.length)).toEqual([1 << 16, 1 << 17, 1 << 18, 1 << 19, 1 << 20]);
    expect(parts.every((p) => p.length <= 1 << 20)).toBe(true);
  });

  it('pumpText → TextReceiver: a gzip file arrives whole, never more than AHEAD chunks unacknowledged', async () => {
    const t = text(9_000_000);
    const file = new File([gzipSync(t)], 'x.gz');
    const credit = new Credit(AHEAD);
    let outstanding = 0;
    let most = 0;
    const rx = new TextReceiver(() => (outstanding--, credit.give()));
    const send = (m: TextMsg): void => {
      if (m.kind === 'chunk') most = Math.max(most, ++outstanding);
      rx.deliver(m);
    };
    void pumpText({ source: { kind: 'file', name: 'x.gz' }, file }, send, credit, new AbortController().signal);
    expect(await rx.opened).toEqual({ total: file.size, label: 'x.gz' });
    const parts: Uint8Array[] = [];
    for await (const c of rx.stream as unknown as AsyncIterable<Uint8Array>) {
      parts.push(c);
      await new Promise((r) => setTimeout(r, 1)); // a slow consumer
    }
    expect(same(join(parts), t)).toBe(true);
    expect(most).toBeLessThanOrEqual(AHEAD);
    expect(rx.inputDone).toBe(file.size);
  });

  it('a corrupt archive and a missing file reach the consumer as clear errors', async () => {
    const z = zipSync({ 'a.txt': text(200_000) });
    z.fill(0x55, 60, 400);
    const credit = new Credit(AHEAD);
    const rx = new TextReceiver(() => credit.give());
    void pumpText(
      { source: { kind: 'file', name: 'a.zip' }, file: new File([z], 'a.zip') },
      (m) => rx.deliver(m),
      credit,
      new AbortController().signal,
    );
    await rx.opened;
    await expect(drain(rx.stream)).rejects.toThrow(/zip is (corrupt|truncated)/);

    const rx2 = new TextReceiver(() => undefined);
    void pumpText({ source: { kind: 'file', name: 'gone.txt' } }, (m) => rx2.deliver(m), new Credit(AHEAD), new AbortController().signal);
    await expect(rx2.opened).rejects.toThrow(/no longer available/);
  });
});
