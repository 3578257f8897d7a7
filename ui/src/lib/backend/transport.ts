// The core's rule for plain http:// (desk-core core.rs, check_transport):
// fine to this machine (localhost, 127.0.0.0/8, ::1); to any other host only
// once the user has confirmed it, because the password hash, two-step codes
// and tokens would cross the network unencrypted.

/**
 * The parsed URL when `url` is plain http:// to another machine (the case
 * that needs the user's confirmation), else null: https, loopback, or not a
 * URL at all (the core refuses those for another reason).
 */
export function remotePlainHttp(url: string): URL | null {
  const trimmed = url.trim();
  if (!/^http:\/\//i.test(trimmed)) return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  return parsed.protocol === "http:" && !isLoopback(parsed.hostname) ? parsed : null;
}

/** `hostname` as the URL parser normalises it (lower case, IPv4 dotted, IPv6 bracketed and compressed). */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}
