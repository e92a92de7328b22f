// text8 normalisation for short strings (HN titles, query words): lowercase, anything
// but a–z is a separator. Must agree with the streaming byte tokeniser used at ingest.
export function text8Words(s: string): string[] {
  // Split on non-ASCII-letters before lowercasing: toLowerCase() maps 'İ' to 'i' + U+0307 and the
  // Kelvin sign to 'k', letters the byte tokeniser never sees ("İstanbul" gave "i", "stanbul").
  return s
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}
