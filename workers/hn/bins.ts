// The order-of-magnitude bins of an HN post's points, as lower edges: 1–9, 10–99, 100–999, 1000+.
// The one default of the classifier, its EDA charts, run records, the runner and the share state.
export const DEFAULT_BINS: readonly number[] = [1, 10, 100, 1000];
