// Messages from the main side are plain text where `backticks` mark a command and https
// addresses are links. This splits them into parts the renderer draws (code, link, text).

export type TextPart = { kind: 'text'; text: string } | { kind: 'code'; text: string } | { kind: 'link'; text: string; href: string };

// Only https: the desktop window opens nothing else in the system browser.
const URL_RE = /https:\/\/[^\s<>"'`]+/g;
// Sentence punctuation after an address is not part of it.
const TRAILING = /[.,;:!?]+$/;

export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const segments = text.split('`');
  segments.forEach((segment, i) => {
    // Odd segments are code, unless the last backtick has no partner: then it is plain text.
    if (i % 2 === 1 && i < segments.length - 1) {
      parts.push({ kind: 'code', text: segment });
      return;
    }
    const plain = i % 2 === 1 ? `\`${segment}` : segment;
    pushLinks(plain, parts);
  });
  return merge(parts);
}

function pushLinks(text: string, parts: TextPart[]): void {
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let href = m[0];
    href = href.replace(TRAILING, '');
    // A closing parenthesis belongs to the address only when it opened one.
    while (href.endsWith(')') && (href.match(/\(/g)?.length ?? 0) < (href.match(/\)/g)?.length ?? 0)) href = href.slice(0, -1);
    const start = m.index;
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
    parts.push({ kind: 'link', text: href, href });
    last = start + href.length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
}

function merge(parts: TextPart[]): TextPart[] {
  const out: TextPart[] = [];
  for (const p of parts) {
    const prev = out.at(-1);
    if (p.kind === 'text' && prev?.kind === 'text') prev.text += p.text;
    else if (p.text !== '') out.push(p);
  }
  return out;
}
