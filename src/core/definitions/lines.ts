/** Offsets to zero-based line and character (UTF-16 units, as editors and LSP count) and back. */
export function lineIndex(text: string) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return {
    position(offset: number): { line: number; character: number } {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo, character: offset - starts[lo] };
    },
  };
}
