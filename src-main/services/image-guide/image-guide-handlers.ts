import type { HandlerGroup } from '../../../src-shared/contract';
import type { ImageGuide } from './image-guide';

/** The contract's `imageGuide.*` methods: the Guide's image choices, kept by the main side. */
export function imageGuideHandlers(guide: ImageGuide): HandlerGroup<'imageGuide'> {
  return {
    'imageGuide.get': async () => guide.view(),
    'imageGuide.choose': async (choices) => guide.choose(choices),
  };
}
