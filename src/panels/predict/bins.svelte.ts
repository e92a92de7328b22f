// The target bins' edges as the user types them, shared by every input that edits them (the Data
// section's histogram, the Model section's options) and kept in step with share.state.bins (the link).
// One text for all inputs: two texts, each with an effect writing the share state, undo each other.
import { untrack } from 'svelte';
import { share } from '../../url-state.svelte';
import { parseEdges } from './data-format';

class BinsInput {
  /** Bind inputs to this: `bind:value={binsInput.text}`. */
  text = $state(share.state.bins.join(', '));
  /** The edges, or the message saying why the text is not valid. */
  readonly parsed = $derived(parseEdges(this.text));
}

export const binsInput = new BinsInput();

if (typeof window !== 'undefined') {
  $effect.root(() => {
    // Valid text → the share state. Tracks only the text.
    $effect(() => {
      const p = binsInput.parsed;
      untrack(() => {
        if ('edges' in p && p.edges.join() !== share.state.bins.join()) share.state.bins = p.edges;
      });
    });
    // The share state changed elsewhere (a link) → the text. Tracks only the share state.
    $effect(() => {
      const b = share.state.bins;
      untrack(() => {
        const p = binsInput.parsed;
        if (!('edges' in p) || p.edges.join() !== b.join()) binsInput.text = b.join(', ');
      });
    });
  });
}
