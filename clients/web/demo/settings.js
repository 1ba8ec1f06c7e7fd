// Where the demo room page's admin controls send their commands, and what the page keeps in its address: pure
// functions (no DOM, no fetch), tested with `node --test` (test/demo-settings.test.js).

/** role-sync's API of the local stack (`make run`): the default when the page is served without a config.json. */
export const DEFAULT_ROLE_SYNC = 'http://127.0.0.1:8081';

/** Query parameters the page never reads and strips from its address: a bearer token there stays in the history. */
const STRIPPED = ['token', 'api'];

/**
 * The role-sync base URL the admin controls call: `config.roleSync` of the page's own `config.json` (same origin, so
 * only whoever serves the page chooses it; a link cannot), else DEFAULT_ROLE_SYNC. A value that is not an absolute
 * http(s) URL is ignored (the default applies). The answer has no trailing slash.
 */
export function roleSyncBase(config) {
  const configured = config?.roleSync;
  if (typeof configured === 'string') {
    try {
      const url = new URL(configured);
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        return url.href.replace(/\/+$/, '');
      }
    } catch {
      // not a URL: the default
    }
  }
  return DEFAULT_ROLE_SYNC;
}

/**
 * The page's query text without `token` and `api` ("?room=a&user=b", or "" when nothing is left), or null when it has
 * neither (the address needs no change).
 */
export function withoutCredentials(search) {
  const params = new URLSearchParams(search);
  if (!STRIPPED.some((name) => params.has(name))) {
    return null;
  }
  STRIPPED.forEach((name) => params.delete(name));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The page's address after a login: the room and user only ("?room=live_demo&user=viewer_1"). */
export function loginSearch(room, user) {
  return `?${new URLSearchParams({ room, user })}`;
}
