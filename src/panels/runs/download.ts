// Saves text as a file the browser downloads (table exports, gensim scripts).
export function downloadText(name: string, text: string, type = 'text/plain'): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
