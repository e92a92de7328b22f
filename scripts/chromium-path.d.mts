export const CANDIDATES: string[];
export function findChromium(): string;
export function hasChromium(): boolean;
