// What colours the word map's points, shared by the 2-D and 3-D views: groups of rows drawn in
// order (the last on top), one colour each, with what the legend says. Three ways, as the
// Embedding Projector's "Color by": frequency rank (log scale, the RankLegend's bins), a word
// list the user pastes (its words in red over grey), k-means clusters (one hue each).
// CategoryLegend draws the swatches of the last two.
import * as d3 from 'd3';
import { BINS, binColours, binOf } from './rank-legend';

export interface Colouring {
  kind: 'rank' | 'list' | 'cluster';
  /** Row lists, drawn first to last (the last lies on top). */
  groups: Uint32Array[];
  /** [groups] CSS colours. */
  colours: string[];
  /** [groups] legend lines, with counts ('' = not in the legend). */
  labels: string[];
  /** A group drawn larger, so a few words stand out (the pasted list). */
  bold?: number;
}

export const HIGHLIGHT = '#dc2626';
const OTHER = '#b8bec8';

/** By frequency rank: rare words first so frequent ones lie on top. */
export function byRank(n: number): Colouring {
  const lists: number[][] = Array.from({ length: BINS }, () => []);
  for (let i = 0; i < n; i++) lists[binOf(i, n)].push(i);
  const colours = binColours();
  const order = Array.from({ length: BINS }, (_, b) => BINS - 1 - b);
  return {
    kind: 'rank',
    groups: order.map((b) => Uint32Array.from(lists[b])),
    colours: order.map((b) => colours[b]),
    labels: order.map(() => ''),
  };
}

/** The listed rows in red on top of the others in grey. */
export function byList(n: number, rows: number[]): Colouring {
  const on = new Uint8Array(n);
  for (const r of rows) if (r >= 0 && r < n) on[r] = 1;
  const hit: number[] = [],
    rest: number[] = [];
  for (let i = 0; i < n; i++) (on[i] ? hit : rest).push(i);
  return {
    kind: 'list',
    groups: [Uint32Array.from(rest), Uint32Array.from(hit)],
    colours: [OTHER, HIGHLIGHT],
    labels: [`other words (${rest.length.toLocaleString('en')})`, `in the list (${hit.length.toLocaleString('en')})`],
    bold: 1,
  };
}

/** One hue per cluster (Tableau 10 up to 10 clusters, evenly spaced hues beyond). */
export function clusterColours(k: number): string[] {
  return k <= 10 ? d3.schemeTableau10.slice(0, k) : d3.quantize((t) => d3.interpolateSinebow(t * (1 - 1 / k)), k);
}

/** labels [n]: cluster of each row, 0..k−1; the largest cluster is drawn first. */
export function byCluster(labels: ArrayLike<number>, k: number): Colouring {
  const lists: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < labels.length; i++) lists[labels[i]]?.push(i);
  const colours = clusterColours(k);
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => lists[b].length - lists[a].length);
  return {
    kind: 'cluster',
    groups: order.map((c) => Uint32Array.from(lists[c])),
    colours: order.map((c) => colours[c]),
    labels: order.map((c) => `cluster ${c + 1} (${lists[c].length.toLocaleString('en')})`),
  };
}

/** Swatches with a caption, for the list and cluster colourings (HTML: it wraps on a phone). */
export class CategoryLegend {
  private readonly root: HTMLDivElement;

  constructor(host: HTMLElement) {
    this.root = document.createElement('div');
    this.root.className = 'category-legend';
    this.root.setAttribute('role', 'list');
    Object.assign(this.root.style, { display: 'flex', flexWrap: 'wrap', gap: '0.2rem 0.8rem', font: '12px system-ui, sans-serif' });
    host.appendChild(this.root);
  }

  /** Shows the colouring's legend lines under `caption`; undefined hides it. */
  reset(c: Colouring | undefined, caption = ''): void {
    this.root.replaceChildren();
    this.root.style.display = c ? 'flex' : 'none';
    if (!c) return;
    const head = document.createElement('span');
    head.textContent = caption;
    head.style.color = '#5f6b7a';
    this.root.appendChild(head);
    // Legend order: the order of the labels (for clusters: by cluster number).
    const items = c.labels.map((label, g) => ({ label, colour: c.colours[g] })).filter((x) => x.label);
    if (c.kind === 'cluster') items.sort((a, b) => clusterNo(a.label) - clusterNo(b.label));
    for (const { label, colour } of items) {
      const item = document.createElement('span');
      item.setAttribute('role', 'listitem');
      item.dataset.testid = 'legend-item';
      const sw = document.createElement('span');
      Object.assign(sw.style, {
        display: 'inline-block',
        width: '10px',
        height: '10px',
        background: colour,
        marginRight: '4px',
        borderRadius: '2px',
      });
      item.append(sw, label);
      this.root.appendChild(item);
    }
  }
}

const clusterNo = (label: string): number => Number(/\d+/.exec(label)?.[0] ?? 0);
