package io.kloggregator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.kloggregator.schemas.BindingLayout;
import io.kloggregator.testkit.EtcdServer;
import io.kloggregator.testkit.FreePorts;
import io.kloggregator.testkit.TempDirs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code logs drains} against a real etcd, read back with jetcd as the router reads it. */
class DrainsCommandIT {

  private static EtcdServer etcd;
  private static Map<String, String> env;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdServer.start(TempDirs.create("drains-cli-etcd"), 0);
    env = Map.of("KLOGGREGATOR_ETCD_ENDPOINTS", etcd.endpoint());
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
  }

  @Test
  void addWritesTheOriginalLayoutListShowsItRemoveDeletesIt() throws Exception {
    String url = "syslog://logs.example.com:514";
    String key = "/loggregator/services/cli-app-1/" + BindingLayout.leaf(url);

    TestTerminal add = new TestTerminal(env);
    assertThat(add.run("drains", "add", "cli-app-1", url)).isEqualTo(ExitCode.OK);
    assertThat(add.out()).isEqualTo("bound " + url + " to cli-app-1 (" + key + ")\n");
    assertThat(etcdContents("/loggregator/services/cli-app-1/")).containsExactly(
        Map.entry(key, url));

    TestTerminal second = new TestTerminal(env);
    second.run("drains", "add", "cli-app-1", "https-batch://u:p@logs.example.com/in");
    new TestTerminal(env).run("drains", "add", "cli-app-2", "syslog-tls://other.example.com");
    TestTerminal list = new TestTerminal(env);
    assertThat(list.run("drains", "list", "cli-app-1")).isEqualTo(ExitCode.OK);
    assertThat(list.out().lines().sorted().toList()).containsExactly(
        "https-batch://u:p@logs.example.com/in", url);
    TestTerminal all = new TestTerminal(env);
    all.run("drains", "list");
    assertThat(all.out().lines().toList()).contains("cli-app-2 syslog-tls://other.example.com",
        "cli-app-1 " + url);

    TestTerminal remove = new TestTerminal(env);
    assertThat(remove.run("drains", "remove", "cli-app-1", url)).isEqualTo(ExitCode.OK);
    assertThat(remove.out()).isEqualTo("unbound " + url + " from cli-app-1\n");
    assertThat(etcdContents("/loggregator/services/cli-app-1/")).containsOnlyKeys(
        "/loggregator/services/cli-app-1/"
            + BindingLayout.leaf("https-batch://u:p@logs.example.com/in"));
  }

  @Test
  void removingAnUnboundUrlSaysSoAndFails() {
    TestTerminal remove = new TestTerminal(env);

    int code = remove.run("drains", "remove", "cli-app-3", "syslog://never.example.com");

    assertThat(code).isEqualTo(ExitCode.REFUSED);
    assertThat(remove.err()).contains("no binding of syslog://never.example.com to cli-app-3");
  }

  @Test
  void refusesAUrlTheRouterWouldDropAndWritesNothing() throws Exception {
    TestTerminal add = new TestTerminal(env);

    int code = add.run("drains", "add", "cli-app-4", "ftp://logs.example.com");

    assertThat(code).isEqualTo(ExitCode.USAGE);
    assertThat(add.err()).contains("unsupported scheme 'ftp'");
    assertThat(etcdContents("/loggregator/services/cli-app-4/")).isEmpty();
  }

  @Test
  void unreachableEtcdIsExitThreeNamingTheEndpoint() {
    String dead = "http://127.0.0.1:" + FreePorts.pick();
    TestTerminal add = new TestTerminal(Map.of());

    int code = add.run("drains", "list", "--etcd", dead);

    assertThat(code).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(add.err()).contains("etcd unreachable: " + dead);
  }

  private static Map<String, String> etcdContents(String prefix) throws Exception {
    try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
      List<KeyValue> kvs = client.getKVClient().get(bytes(prefix),
          GetOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS).getKvs();
      return kvs.stream().collect(Collectors.toMap(
          kv -> kv.getKey().toString(StandardCharsets.UTF_8),
          kv -> kv.getValue().toString(StandardCharsets.UTF_8)));
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
