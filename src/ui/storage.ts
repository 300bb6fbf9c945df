/**
 * The API key, the chosen tenant and the emulator's admin token live in sessionStorage only:
 * gone when the tab closes, never in a URL, a cookie or a log.
 */
const PREFIX = 'prefect-cloud-emulator.';

export type StoredItem = 'api-key' | 'tenant-id' | 'admin-token';

export function load(item: StoredItem): string | null {
  try {
    return window.sessionStorage.getItem(PREFIX + item);
  } catch {
    return null;
  }
}

export function save(item: StoredItem, value: string | null): void {
  try {
    if (value === null || value === '') window.sessionStorage.removeItem(PREFIX + item);
    else window.sessionStorage.setItem(PREFIX + item, value);
  } catch {
    // Storage disabled: the value lasts as long as the page.
  }
}
