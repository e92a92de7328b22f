// A helper worker the engine starts for ingests (one is kept started ahead of need): it opens
// the source itself (File or URL), decompresses it on its own thread and posts the text in
// 1 MB chunks (buffers transferred, not copied), a few ahead of the counting thread, which
// acknowledges each chunk it takes. See text-source.ts.
import { Credit, pumpText, type SourceSpec, type TextMsg } from './text-source';

export type ToInflater = { kind: 'open'; spec: SourceSpec; ahead: number } | { kind: 'ack' };

const post = (m: TextMsg | 'ready'): void =>
  (self as unknown as Worker).postMessage(m, m !== 'ready' && m.kind === 'chunk' ? [m.data.buffer] : []);

let credit: Credit | undefined;
self.onmessage = (e: MessageEvent<ToInflater>) => {
  const m = e.data;
  if (m.kind === 'ack') credit?.give();
  else {
    credit = new Credit(m.ahead);
    void pumpText(m.spec, post, credit, new AbortController().signal);
  }
};
post('ready');
