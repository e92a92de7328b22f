// importVectors: streams a .vec/.bin file from a URL or a File through the reader, then
// stores it with saveVectors (data first, manifest last), so a failed import leaves what
// was stored before untouched.
import { LabError, CancelledError, isQuotaError } from '../errors';
import { deleteVectors, saveVectors, type VectorsManifest } from '../vectors/format';
import { parseVectors, VectorFileError } from '../vectors/read';
import type { ExploreCommands } from './commands';
import type { HandlerContext } from '../protocol';

type Args = ExploreCommands['importVectors']['args'];
type Result = ExploreCommands['importVectors']['result'];
type Progress = ExploreCommands['importVectors']['progress'];

function hintOf(name: string): 'vec' | 'bin' | undefined {
  const ext = /\.(\w+)(?:[?#].*)?$/.exec(name)?.[1]?.toLowerCase();
  return ext === 'bin' ? 'bin' : ext === 'vec' || ext === 'txt' ? 'vec' : undefined;
}

async function open(args: Args): Promise<{ body: ReadableStream<Uint8Array>; total?: number; source: string }> {
  if (args.file) return { body: args.file.stream(), total: args.file.size, source: args.file.name };
  if (!args.url) throw new LabError('give a file or a URL');
  let r: Response;
  try {
    r = await fetch(args.url);
  } catch {
    throw new LabError(`could not fetch ${args.url} (network error or the server does not allow CORS)`, 'network');
  }
  if (!r.ok || !r.body) throw new LabError(`could not fetch ${args.url}: HTTP ${r.status}`, 'network');
  const len = Number(r.headers.get('content-length'));
  return { body: r.body, total: len > 0 ? len : undefined, source: args.url };
}

export async function importVectors(args: Args, ctx: HandlerContext<Progress>): Promise<Result> {
  const { body, total, source } = await open(args);
  let last = 0;
  let parsed;
  try {
    parsed = await parseVectors(body, {
      hint: hintOf(source),
      signal: ctx.signal,
      onChunk: (bytesDone, rows) => {
        const now = Date.now();
        if (now - last > 100) ((last = now), ctx.progress({ bytesDone, bytesTotal: total, rows }));
      },
    });
  } catch (e) {
    if (ctx.signal.aborted) throw new CancelledError();
    if (e instanceof VectorFileError) throw new LabError(`${source}: ${e.message}`, 'bad-input');
    if (e instanceof TypeError) throw new LabError(`${source}: the download broke off (${e.message})`, 'network');
    throw e;
  }
  const skipped = parsed.skipped.wrongLength + parsed.skipped.notFinite + parsed.skipped.duplicate;
  const asked: VectorsManifest = {
    id: `imported-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    name: args.name || source,
    origin: 'imported',
    vocabSize: parsed.words.length,
    dim: parsed.dim,
    createdAt: Date.now(),
    details: { source, format: parsed.format, skippedRows: skipped },
  };
  let manifest: VectorsManifest;
  try {
    manifest = await saveVectors({ manifest: asked, words: parsed.words, matrix: parsed.matrix }); // its name made unique
  } catch (e) {
    await deleteVectors(asked.id).catch(() => undefined); // no manifest was written: drop the partial data
    if (isQuotaError(e)) throw new LabError('storage is full: the vectors were not saved (free space or clear old data)', 'quota');
    throw e;
  }
  return { manifest, skipped, warnings: parsed.warnings };
}
