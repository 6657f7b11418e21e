// The Guide's image choices as the main side keeps them: loaded once per input form, each change
// sent with imageGuide.choose and checked there (a refused value shows its fix, nothing is kept).
import type { ErrorEnvelope } from '../../../src-shared/errors';
import type { ImageGuideChoices, ImageGuideView } from '../../../src-shared/types/image-guide';
import { api } from '../../lib/bridge/api';
import { asEnvelope } from '../../lib/errors';

export class ImageGuideForm {
  view = $state<ImageGuideView | null>(null);
  error = $state<ErrorEnvelope | null>(null);
  /** A short "Saved" note after an accepted change. */
  saved = $state(false);

  async load(): Promise<ImageGuideView | null> {
    try {
      this.view = await api.call('imageGuide.get');
    } catch (err) {
      this.error = asEnvelope(err);
    }
    return this.view;
  }

  /** Sends the non-empty fields of a change; empty ones are left as they were. */
  async save(patch: ImageGuideChoices): Promise<boolean> {
    const filled = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined && v !== '' && !Number.isNaN(v))) as ImageGuideChoices;
    this.error = null;
    this.saved = false;
    if (Object.keys(filled).length === 0) return true;
    try {
      this.view = await api.call('imageGuide.choose', filled);
      this.saved = true;
      return true;
    } catch (err) {
      this.error = asEnvelope(err);
      return false;
    }
  }
}
