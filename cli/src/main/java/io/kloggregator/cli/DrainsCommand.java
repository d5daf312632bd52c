package io.kloggregator.cli;

import io.kloggregator.schemas.BindingLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code logs drains add|list|remove}: binds, lists and unbinds an app's syslog and HTTPS drains
 * by writing etcd in the original's layout ({@link BindingLayout}), which the streams router
 * watches; nobody assembles etcd keys by hand. Runs on the main thread.
 */
@Command(name = "drains", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Bind, list and unbind an app's drains (etcd bindings the router watches).",
    synopsisHeading = "%nUsage: ",
    description = {"", "Writes /loggregator/services/<app>/<sha1 of URL> = URL, the layout the "
        + "original's cloud controller wrote. The router picks a change up within seconds."},
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {"Examples:",
        "  logs drains add my-app syslog://logs.example.com:514",
        "  logs drains add my-app 'https-batch://user:secret@logs.example.com/ingest'",
        "  logs drains list my-app",
        "  logs drains remove my-app syslog://logs.example.com:514",
        "",
        "Environment:",
        "  KLOGGREGATOR_ETCD_ENDPOINTS   etcd, comma-separated (default "
            + DrainsCommand.DEFAULT_ETCD + ", the local run's)"})
final class DrainsCommand {

  static final String DEFAULT_ETCD = "http://127.0.0.1:12379";

  @Option(names = "--etcd", paramLabel = "URL[,URL]", scope = ScopeType.INHERIT,
      description = "etcd endpoints (default: $KLOGGREGATOR_ETCD_ENDPOINTS, else "
          + DEFAULT_ETCD + ").")
  String etcd;

  private final Terminal terminal;

  DrainsCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Bind URL to APP (syslog://, syslog-tls://, https://, https-batch://).")
  int add(@Parameters(paramLabel = "APP", description = "The app id.") String app,
      @Parameters(paramLabel = "URL", description = "The drain URL.") String url)
      throws InterruptedException {
    checkUrl(url);
    String key = store().add(app, url);
    terminal.out().printf("bound %s to %s (%s)%n", url, app, key);
    return ExitCode.OK;
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Print APP's drain URLs, one a line; without APP every binding as APP URL.")
  int list(@Parameters(paramLabel = "APP", arity = "0..1", description = "The app id.")
      String app) throws InterruptedException {
    for (EtcdBindingStore.Binding b : store().list(app)) {
      terminal.out().println(app == null ? b.app() + " " + b.url() : b.url());
    }
    return ExitCode.OK;
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Unbind URL from APP (every key of APP holding that URL).")
  int remove(@Parameters(paramLabel = "APP", description = "The app id.") String app,
      @Parameters(paramLabel = "URL", description = "The drain URL, as bound.") String url)
      throws InterruptedException {
    int removed = store().remove(app, url);
    if (removed == 0) {
      throw new CliException(ExitCode.REFUSED, "no binding of " + url + " to " + app
          + " (see `logs drains list " + app + "`)");
    }
    terminal.out().printf("unbound %s from %s%n", url, app);
    return ExitCode.OK;
  }

  private EtcdBindingStore store() {
    String text = etcd != null ? etcd : terminal.env("KLOGGREGATOR_ETCD_ENDPOINTS", DEFAULT_ETCD);
    List<URI> endpoints = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        URI uri = new URI(part.trim());
        if (uri.getHost() == null || !"http".equals(uri.getScheme())) {
          throw new URISyntaxException(part, "not http://host:port");
        }
        endpoints.add(uri);
      } catch (URISyntaxException e) {
        throw new CliException(ExitCode.USAGE, "bad etcd endpoint '" + part.trim()
            + "' (want http://host:port)");
      }
    }
    if (endpoints.isEmpty()) {
      throw new CliException(ExitCode.USAGE, "no etcd endpoint given");
    }
    return new EtcdBindingStore(endpoints);
  }

  /** The router's first check, said here so a typo fails now and not silently later. */
  private static void checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new CliException(ExitCode.USAGE, "not a URL: " + url + " (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!BindingLayout.SCHEMES.contains(scheme)) {
      throw new CliException(ExitCode.USAGE, "unsupported scheme '" + scheme + "' in " + url
          + " (use syslog://, syslog-tls://, https:// or https-batch://)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new CliException(ExitCode.USAGE, "no host in " + url);
    }
  }
}
