// A box that may scroll (a long command, a check's output) is a named, focusable region while
// its content overflows, so a keyboard user can reach it and scroll it with the arrow keys.
// While everything fits it stays a plain element: no extra Tab stop, no landmark.
import type { Action } from 'svelte/action';

export const scrollRegion: Action<HTMLElement, string> = (node, label) => {
  let name = label;

  const update = (): void => {
    const overflows = node.scrollWidth > node.clientWidth || node.scrollHeight > node.clientHeight;
    if (overflows) {
      node.setAttribute('tabindex', '0');
      node.setAttribute('role', 'region');
      node.setAttribute('aria-label', name);
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };

  const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
  observer?.observe(node);
  update();

  return {
    update(next: string) {
      name = next;
      update();
    },
    destroy() {
      observer?.disconnect();
    },
  };
};
