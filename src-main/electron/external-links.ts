// Which links the desktop app hands to the system browser: https only, to the documentation
// sites the app itself points at. Anything else a page asks to open is dropped.

export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'xrdocs.io',
  'www.cisco.com',
  'github.com',
  'www.docker.com',
  'docs.docker.com',
  'developer.hashicorp.com',
  'www.virtualbox.org',
];

/** The URL to open, normalised, or null when it is not an allowed https documentation link. */
export function allowedExternalUrl(raw: string, hosts: readonly string[] = EXTERNAL_LINK_HOSTS): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  return hosts.includes(url.hostname) ? url.href : null;
}
