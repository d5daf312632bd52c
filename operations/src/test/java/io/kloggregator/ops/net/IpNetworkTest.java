package io.kloggregator.ops.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpNetworkTest {

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.0.0.0, true", "10.0.0.0/8, 10.255.255.255, true",
      "10.0.0.0/8, 11.0.0.0, false", "127.0.0.2/32, 127.0.0.2, true",
      "127.0.0.2/32, 127.0.0.1, false", "192.168.4.0/22, 192.168.7.200, true",
      "192.168.4.0/22, 192.168.8.1, false", "0.0.0.0/0, 203.0.113.9, true",
      "::1/128, ::1, true", "::1/128, ::2, false", "fd00::/8, fd12:3456::1, true",
      "fd00::/8, fe80::1, false", "2001:db8::/32, 2001:db8:ffff::1, true",
      "::/0, 2001:db8::1, true"})
  void containsExactlyTheAddressesUnderItsPrefix(String network, String address,
      boolean inside) throws UnknownHostException {
    assertThat(IpNetwork.parse(network).contains(InetAddress.getByName(address)))
        .isEqualTo(inside);
  }

  @Test
  void aFamilyNeverContainsTheOthersAddresses() throws UnknownHostException {
    assertThat(IpNetwork.parse("0.0.0.0/0").contains(InetAddress.getByName("::1"))).isFalse();
    assertThat(IpNetwork.parse("::/0").contains(InetAddress.getByName("127.0.0.1"))).isFalse();
  }

  @Test
  void anIpv4MappedPeerIsMatchedByItsIpv4Network() throws UnknownHostException {
    InetAddress mapped = InetAddress.getByName("::ffff:127.0.0.1");

    assertThat(IpNetwork.parse("127.0.0.0/8").contains(mapped)).isTrue();
  }

  @Test
  void aBareAddressIsOneHost() throws UnknownHostException {
    IpNetwork host = IpNetwork.parse("127.0.0.2");

    assertThat(host.prefixLength()).isEqualTo(32);
    assertThat(host.contains(InetAddress.getByName("127.0.0.2"))).isTrue();
    assertThat(host.contains(InetAddress.getByName("127.0.0.3"))).isFalse();
    assertThat(IpNetwork.parse("::1").prefixLength()).isEqualTo(128);
  }

  @Test
  void showsTheNetworkAsWrittenAndComparesByValue() {
    assertThat(IpNetwork.parse(" ::1/128 ").toString()).isEqualTo("::1/128");
    assertThat(IpNetwork.parse("::1/128")).isEqualTo(IpNetwork.parse("0:0:0:0:0:0:0:1/128"));
    assertThat(IpNetwork.parse("fd00::/8").isIpv6()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost/8", "10.0.0/8", "10.0.0.256/32", "10.0.0.0.0/8",
      "10.0.0.-1/32", "fd00::g/8", "example.com", "", "1.2.3.4/", "fe80::1%lo/128"})
  void refusesWhatIsNotAnAddressLiteral(String text) {
    assertThatThrownBy(() -> IpNetwork.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("must ");
  }

  @Test
  void namesTheBadNetworkInItsRefusal() {
    assertThatThrownBy(() -> IpNetwork.parse("localhost/8"))
        .hasMessage("must be networks such as 10.0.0.0/8 or fd00::/8 (address literals, no "
            + "names): localhost/8 is not one");
  }

  @Test
  void refusesAPrefixLongerThanTheFamilyAllows() {
    assertThatThrownBy(() -> IpNetwork.parse("10.0.0.0/33"))
        .hasMessage("must have a prefix length 0..32 after '/' (10.0.0.0/33)");
    assertThatThrownBy(() -> IpNetwork.parse("::/129"))
        .hasMessage("must have a prefix length 0..128 after '/' (::/129)");
    assertThatThrownBy(() -> IpNetwork.parse("10.0.0.0/x"))
        .hasMessage("must have a prefix length 0..32 after '/' (10.0.0.0/x)");
  }

  @Test
  void refusesHostBitsAndSuggestsTheNetwork() {
    assertThatThrownBy(() -> IpNetwork.parse("10.1.2.3/8"))
        .hasMessage("must be a network address: 10.1.2.3/8 has host bits set "
            + "(did you mean 10.0.0.0/8?)");
  }

  @Test
  void refusesAnIpv4MappedIpv6Literal() {
    assertThatThrownBy(() -> IpNetwork.parse("::ffff:10.0.0.0/104"))
        .hasMessageStartingWith("must be an IPv6 network, not an IPv4-mapped address");
  }
}
