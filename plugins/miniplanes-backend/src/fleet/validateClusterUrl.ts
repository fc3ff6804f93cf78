/**
 * Checks a cluster URL that came from the catalog before miniplanes sends a
 * write token to it: catalog entities are editable by more people than the
 * app-config, so, as Backstage's catalog cluster locator does, the URL must
 * carry no credentials and use HTTPS unless its host is listed in
 * `dangerouslyAllowClusterUrls` (`*.example.com` matches subdomains too).
 * Throws an Error saying what is wrong.
 */
export function validateClusterUrl(
  url: string,
  dangerouslyAllowClusterUrls: string[],
): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`API server URL "${url}" is not a valid URL`);
  }
  if (parsed.username || parsed.password)
    throw new Error('API server URL must not contain credentials');
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error('API server URL must use the HTTP or HTTPS scheme');
  const host = parsed.hostname.toLowerCase();
  const allowed = dangerouslyAllowClusterUrls.some(pattern => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.')
      ? host.endsWith(p.slice(1)) || host === p.slice(2)
      : host === p;
  });
  if (parsed.protocol !== 'https:' && !allowed)
    throw new Error(
      `API server URL must use HTTPS; list "${host}" in dangerouslyAllowClusterUrls of the catalog cluster locator to allow HTTP`,
    );
}
