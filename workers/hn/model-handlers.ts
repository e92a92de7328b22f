// Handlers of the model half: classify, ask, and the saved models (list, export, import, delete).
import type { Handlers } from '../protocol';
import { LabError } from '../errors';
import type { HnCommands } from './commands';
import { ask, forgetModel } from './ask';
import { classify } from './experiment';
import { deleteModel, listModels, loadModel, modelFromJson, modelToJson, saveModel } from './model-store';

type ModelCommands = Pick<HnCommands, 'hnClassify' | 'hnAsk' | 'hnModels' | 'hnModelExport' | 'hnModelImport' | 'hnModelDelete'>;

const fileName = (name: string): string =>
  `hn-model-${
    name
      .replace(/[^a-z0-9]+/gi, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'model'
  }.json`;

export const hnModelHandlers: Handlers<ModelCommands> = {
  hnClassify: (args, ctx) => classify(args, ctx.progress, ctx.signal),
  hnAsk: (args) => ask(args),
  hnModels: () => listModels(),
  hnModelExport: async ({ modelId, putUrl }) => {
    const b = await loadModel(modelId);
    const blob = new Blob([modelToJson(b)], { type: 'application/json' });
    const name = fileName(b.manifest.name);
    if (!putUrl) return { name, bytes: blob.size, blob };
    const r = await fetch(putUrl, { method: 'PUT', body: blob });
    if (!r.ok) throw new LabError(`could not write the model file: HTTP ${r.status}`, 'network');
    return { name, bytes: blob.size };
  },
  hnModelImport: async ({ file, url, name }) => {
    let text: string;
    if (file) text = await file.text();
    else if (url) {
      const r = await fetch(url);
      if (!r.ok) throw new LabError(`could not read ${url}: HTTP ${r.status}`, 'network');
      text = await r.text();
    } else throw new LabError('choose a model file');
    const b = modelFromJson(text, `hn-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`);
    if (name) b.manifest.name = name;
    await saveModel(b);
    return b.manifest;
  },
  hnModelDelete: async ({ modelId }) => {
    const had = (await listModels()).some((m) => m.id === modelId);
    forgetModel(modelId);
    await deleteModel(modelId);
    return { deleted: had };
  },
};
