// Keeps the last `maxChars` characters of a stream so a program that prints without end
// cannot exhaust memory; the tail is what explains a failure, so that is what we keep.

export class OutputTail {
  private chunks: string[] = [];
  private length = 0;
  private dropped = 0;

  constructor(private readonly maxChars: number) {}

  push(text: string): void {
    if (text === '') return;
    this.chunks.push(text);
    this.length += text.length;
    // Drop whole chunks from the head while the rest still covers the cap.
    while (this.chunks.length > 1 && this.length - this.chunks[0]!.length >= this.maxChars) {
      const head = this.chunks.shift()!;
      this.length -= head.length;
      this.dropped += head.length;
    }
  }

  /** Characters discarded from the head so far. */
  get droppedChars(): number {
    return this.dropped + Math.max(0, this.length - this.maxChars);
  }

  toString(): string {
    let text = this.chunks.join('');
    if (text.length > this.maxChars) {
      text = text.slice(text.length - this.maxChars);
      // Never start on the second half of a surrogate pair.
      if (/^[\uDC00-\uDFFF]/.test(text)) text = text.slice(1);
    }
    return text;
  }
}

/** The last `maxLines` lines (and at most `maxChars`), trimmed, for showing under a verdict. */
export function tailLines(text: string, maxLines = 20, maxChars = 4000): string {
  const trimmed = text.replace(/\s+$/, '');
  const lines = trimmed.split(/\r?\n/);
  let tail = lines.slice(-maxLines).join('\n');
  if (tail.length > maxChars) tail = tail.slice(tail.length - maxChars);
  return tail.replace(/^\s*\n/, '');
}
