// The active corpus, shared by the Corpus and Train panels (id of a 'ready' corpus or undefined).
class CorpusSelection {
  id = $state<string | undefined>(undefined);
  /** Bumped whenever the stored corpora change (ingest, restart, delete), so lists refresh. */
  revision = $state(0);
}
export const corpusSelection = new CorpusSelection();
