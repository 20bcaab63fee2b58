/**
 * Browser mode's per-launch token arrives in the URL fragment (#token=…),
 * which browsers never send to a server. We keep it for this tab only and take
 * it out of the address bar, so it is not left on screen or in a bookmark.
 */
const STORAGE_KEY = 'kassa.token';

/** `key`: where this tab keeps it; the customer display keeps its own token apart from the till's. */
export function takeAccessToken(
  location: Location,
  history: History,
  storage: Storage,
  key = STORAGE_KEY,
): string | undefined {
  const fromFragment = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromFragment !== null && fromFragment !== '') {
    storage.setItem(key, fromFragment);
    history.replaceState(history.state, '', location.pathname + location.search);
    return fromFragment;
  }
  return storage.getItem(key) ?? undefined;
}
