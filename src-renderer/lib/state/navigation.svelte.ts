// Which screen the main pane shows. Kept in sessionStorage (not the URL: the web host's
// fragment carries the token) so a reload returns to the same screen.
export type ViewId = 'guide' | 'routers' | 'registries' | 'images' | 'containers' | 'activity' | 'settings';

const KEY = 'xrcl.view';
const VIEWS: readonly ViewId[] = ['guide', 'routers', 'registries', 'images', 'containers', 'activity', 'settings'];

function initial(): ViewId {
  const v = sessionStorage.getItem(KEY);
  return VIEWS.includes(v as ViewId) ? (v as ViewId) : 'guide';
}

class Navigation {
  current = $state<ViewId>(initial());

  go(view: ViewId): void {
    this.current = view;
    sessionStorage.setItem(KEY, view);
  }
}

export const navigation = new Navigation();
