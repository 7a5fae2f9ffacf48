// IP address checks for the parsers: the forms Go's net.ParseIP accepts (dotted IPv4, IPv6 without zone).

/** `true` for a dotted-quad IPv4 address; like Go (1.17+), a field with a leading zero is rejected. */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** `true` for an IPv6 address (`::1`, `fe80::1`, `::ffff:10.0.0.1`); zones (`%eth0`) are not accepted. */
export function isIPv6(s: string): boolean {
  if (s.length === 0 || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  let groups = s;
  const lastColon = s.lastIndexOf(':');
  if (lastColon === -1) return false;
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    // The embedded IPv4 address takes the place of two 16-bit groups.
    groups = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const count = (h: string): number => {
    if (h === '') return 0;
    const fields = h.split(':');
    return fields.every((f) => /^[0-9A-Fa-f]{1,4}$/.test(f)) ? fields.length : -1;
  };
  if (halves.length === 2) {
    const a = count(halves[0] ?? '');
    const b = count(halves[1] ?? '');
    if (a < 0 || b < 0) return false;
    return a + b <= 7;
  }
  return count(groups) === 8;
}

/** `true` for any address Go's net.ParseIP accepts. */
export function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}
