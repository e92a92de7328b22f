// A helper worker the engine starts for one ingest: it decompresses the input stream on its
// own thread, so inflating and counting words run on two cores at once. It gets the raw byte
// stream (transferred) and answers with the text byte stream (transferred back). The text
// stream checks itself at its end against the archive's size (zip header / gzip trailer).
import { openText, selfChecking } from './streams';
import { LabError } from '../errors';

export type InflateReply = { ok: true; text: ReadableStream<Uint8Array> } | { ok: false; message: string };

(self as unknown as Worker).postMessage('ready');
self.onmessage = async (e: MessageEvent<ReadableStream<Uint8Array>>) => {
  let reply: InflateReply;
  try {
    reply = { ok: true, text: selfChecking(await openText(e.data)) };
  } catch (err) {
    reply = { ok: false, message: err instanceof LabError || err instanceof Error ? err.message : String(err) };
  }
  (self as unknown as Worker).postMessage(reply, reply.ok ? [reply.text] : []);
};
