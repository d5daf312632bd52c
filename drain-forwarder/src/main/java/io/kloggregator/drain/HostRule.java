package io.kloggregator.drain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * One entry of an allow or deny list: an IP CIDR ({@code 10.0.0.0/8}, {@code fd00::/8}), a single
 * IP, a host name ({@code logs.example.com}) or a domain suffix ({@code *.example.com}). Immutable.
 */
record HostRule(String text, byte[] network, int prefix, String name) {

  static HostRule parse(String text, String setting) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      throw new IllegalArgumentException(setting + " has an empty entry");
    }
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (isIpLiteral(addr)) {
      byte[] bytes = literal(addr, setting, text);
      int max = bytes.length * 8;
      int prefix = max;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(setting + " entry '" + text + "' has a bad prefix", e);
        }
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException(setting + " entry '" + text + "' prefix must be in 0.."
            + max);
      }
      return new HostRule(text, bytes, prefix, null);
    }
    if (slash >= 0 || !t.matches("(\\*\\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
      throw new IllegalArgumentException(setting + " entry '" + text
          + "' is neither a CIDR, an IP, a host name nor *.domain");
    }
    return new HostRule(text, null, 0, t);
  }

  /** Whether this rule covers {@code host} (as written in the URL) or its address. */
  boolean matches(String host, InetAddress address) {
    if (name != null) {
      String h = host.toLowerCase(Locale.ROOT);
      return name.startsWith("*.") ? h.endsWith(name.substring(1)) : h.equals(name);
    }
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private static byte[] literal(String addr, String setting, String text) {
    try {
      // An IP literal never triggers a DNS lookup.
      return InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(setting + " entry '" + text + "' is not a valid IP", e);
    }
  }
}
