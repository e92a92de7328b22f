// The active corpus, shared by the Corpus and Train panels (id of a 'ready' corpus or undefined).
class CorpusSelection {
  id = $state<string | undefined>(undefined);
}
export const corpusSelection = new CorpusSelection();
