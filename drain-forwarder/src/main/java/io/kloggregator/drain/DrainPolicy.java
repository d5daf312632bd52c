package io.kloggregator.drain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides whether a drain host may be dialled: first on the name as written (deny list, allow
 * list of names), then on every address it resolves to, right before connecting, so that a name
 * pointing at a private address is refused too. Stateless.
 */
final class DrainPolicy {

  private DrainPolicy() {
  }

  /** Checks what can be decided without DNS; IP literals are checked fully. */
  static void checkName(String host, ForwarderConfig.Policy policy) {
    if (HostRule.isIpLiteral(host)) {
      try {
        checkAddress(host, InetAddress.getByName(host), policy);
      } catch (java.net.UnknownHostException e) {
        throw new RefusedUrlException("malformed URL: bad IP literal");
      }
    }
  }

  /** Checks one resolved address of {@code host}; throws {@link RefusedUrlException}. */
  static void checkAddress(String host, InetAddress address, ForwarderConfig.Policy policy) {
    for (String entry : policy.denyList()) {
      if (HostRule.parse(entry, "deny list").matches(host, address)) {
        throw new RefusedUrlException("host is on the deny list");
      }
    }
    List<String> allow = policy.allowList();
    if (!allow.isEmpty() && allow.stream()
        .noneMatch(e -> HostRule.parse(e, "allow list").matches(host, address))) {
      throw new RefusedUrlException("host is not on the allow list");
    }
    if (!policy.allowPrivate() && isPrivate(address)) {
      throw new RefusedUrlException("host resolves to a loopback or private address");
    }
  }

  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress()
        || a.isSiteLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      return b0 == 0 || (b0 == 100 && (b1 & 0xc0) == 64) || (b0 == 192 && b1 == 0 && b[2] == 0)
          || (b0 == 198 && (b1 == 18 || b1 == 19)) || b0 >= 240;
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true;
      }
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        byte[] v4 = {b[12], b[13], b[14], b[15]};
        try {
          return isPrivate(InetAddress.getByAddress(v4));
        } catch (java.net.UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }
}
