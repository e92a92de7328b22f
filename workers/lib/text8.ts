// text8 normalisation for short strings (HN titles, query words): lowercase, anything
// but a–z is a separator. Must agree with the streaming byte tokeniser used at ingest.
export function text8Words(s: string): string[] {
  return s.toLowerCase().split(/[^a-z]+/).filter((w) => w.length > 0);
}
