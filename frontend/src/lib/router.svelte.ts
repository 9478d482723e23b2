/**
 * The tiny history router: the current location in `$state`, `navigate()` for code, and one click
 * listener that turns same-origin `<a href>` clicks into history pushes (modifier clicks, downloads
 * and other targets behave as the browser wants).
 */
import { matchRoute, type Route } from './routes';

class Router {
  pathname = $state(typeof location === 'undefined' ? '/' : location.pathname);
  search = $state(typeof location === 'undefined' ? '' : location.search);
  route: Route = $derived(matchRoute(this.pathname));

  /** `?next=/x` -> `/x`; null when absent. */
  query(name: string): string | null {
    return new URLSearchParams(this.search).get(name);
  }

  navigate = (to: string, options: { replace?: boolean } = {}): void => {
    const url = new URL(to, location.href);
    if (url.origin !== location.origin) {
      location.assign(url.href);
      return;
    }
    const target = `${url.pathname}${url.search}${url.hash}`;
    if (options.replace) history.replaceState(null, '', target);
    else if (target !== `${location.pathname}${location.search}${location.hash}`) history.pushState(null, '', target);
    this.sync();
    if (!options.replace && !url.hash) window.scrollTo?.(0, 0);
  };

  /** Reads the location again (the app does this when it starts, popstate does it after Back). */
  sync = (): void => {
    this.pathname = location.pathname;
    this.search = location.search;
  };

  /** Starts listening; returns the function that stops. */
  start = (): (() => void) => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a');
      if (!anchor || !anchor.href || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) return;
      const url = new URL(anchor.href);
      if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
      // An in-page link (the skip link): the browser scrolls and moves focus itself.
      if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
      event.preventDefault();
      this.navigate(`${url.pathname}${url.search}${url.hash}`);
    };
    window.addEventListener('popstate', this.sync);
    document.addEventListener('click', onClick);
    this.sync();
    return () => {
      window.removeEventListener('popstate', this.sync);
      document.removeEventListener('click', onClick);
    };
  };
}

export const router = new Router();
