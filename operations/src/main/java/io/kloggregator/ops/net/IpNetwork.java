package io.kloggregator.ops.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/**
 * One IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}), for
 * allow-lists. A bare address is the network of that one host ({@code /32} or {@code /128}).
 * {@link #parse} never resolves a name: only address literals are accepted. An IPv4 network
 * contains only IPv4 addresses and an IPv6 network only IPv6 ones (Java already presents an
 * IPv4-mapped IPv6 peer, {@code ::ffff:a.b.c.d}, as its IPv4 address). Immutable and thread-safe.
 */
public final class IpNetwork {

  private final byte[] base;
  private final int prefixLength;
  /** As written, trimmed: what {@link #toString} shows. */
  private final String text;

  private IpNetwork(byte[] base, int prefixLength, String text) {
    this.base = base;
    this.prefixLength = prefixLength;
    this.text = text;
  }

  /**
   * Parses {@code address/prefix} or a bare address.
   *
   * @throws IllegalArgumentException with a rule sentence ("must be ...") naming what is wrong
   */
  public static IpNetwork parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(address, s);
    int bits = bytes.length * 8;
    int prefix = slash < 0 ? bits : prefixLength(s.substring(slash + 1), bits, s);
    byte[] masked = mask(bytes, prefix);
    if (!Arrays.equals(masked, bytes)) {
      throw new IllegalArgumentException("must be a network address: " + s
          + " has host bits set (did you mean " + format(masked, prefix) + "?)");
    }
    return new IpNetwork(masked, prefix, s);
  }

  /** True when {@code address} is of this network's family and inside it. */
  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length != base.length) {
      return false;
    }
    return Arrays.equals(mask(bytes, prefixLength), base);
  }

  /** True for an IPv6 network. */
  public boolean isIpv6() {
    return base.length == 16;
  }

  public int prefixLength() {
    return prefixLength;
  }

  private static byte[] literal(String address, String whole) {
    if (address.indexOf(':') >= 0) {
      if (!address.matches("[0-9A-Fa-f:.]+")) {
        throw notAnAddress(whole);
      }
      try {
        byte[] bytes = InetAddress.getByName(address).getAddress();
        if (bytes.length != 16) {
          throw new IllegalArgumentException("must be an IPv6 network, not an IPv4-mapped "
              + "address (" + whole + "): write the IPv4 network instead");
        }
        return bytes;
      } catch (UnknownHostException e) {
        throw notAnAddress(whole);
      }
    }
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      throw notAnAddress(whole);
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
        throw notAnAddress(whole);
      }
      bytes[i] = (byte) Integer.parseInt(parts[i]);
    }
    return bytes;
  }

  private static int prefixLength(String text, int bits, String whole) {
    if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) > bits) {
      throw new IllegalArgumentException("must have a prefix length 0.." + bits + " after '/' ("
          + whole + ")");
    }
    return Integer.parseInt(text);
  }

  private static IllegalArgumentException notAnAddress(String whole) {
    return new IllegalArgumentException("must be networks such as 10.0.0.0/8 or fd00::/8 "
        + "(address literals, no names): " + whole + " is not one");
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (bytes[i] & (0xff00 >> keep));
    }
    return out;
  }

  private static String format(byte[] bytes, int prefix) {
    try {
      String host = InetAddress.getByAddress(bytes).getHostAddress();
      return host.toLowerCase(Locale.ROOT) + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpNetwork other && other.prefixLength == prefixLength
        && Arrays.equals(other.base, base);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(base) + prefixLength;
  }

  /** The network as it was written, e.g. {@code 10.0.0.0/8} or {@code ::1/128}. */
  @Override
  public String toString() {
    return text;
  }
}
