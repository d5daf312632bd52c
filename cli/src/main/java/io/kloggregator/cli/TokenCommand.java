package io.kloggregator.cli;

import io.kloggregator.ops.config.ConfigException;
import io.kloggregator.ops.token.TokenFormat;
import io.kloggregator.ops.token.TokenMinter;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code logs token}: mints one of kloggregator's own bearer tokens (token mode) for the given
 * apps, or an admin token, signed with the key the gateway's settings name (the same variables,
 * declared once in operations' {@link TokenFormat}). The token goes to standard output alone, so
 * {@code export KLOGGREGATOR_TOKEN=$(logs token --app my-app)} works; what it grants to standard
 * error.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Operators: mint a bearer token the gateway accepts (token mode).",
    synopsisHeading = "%nUsage: ",
    description = {
        "",
        "Signs a token for the apps given with --app (repeatable), or for every app and the "
            + "firehose with --admin, valid for --ttl. The algorithm and key come from the "
            + "gateway's own variables, so set them as the gateway has them (the private key "
            + "instead of the public one for RS256/ES256)."},
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {
        "Environment (as the gateway's, see gateway/README.md):",
        "  KLOGGREGATOR_GATEWAY_JWT_ALGORITHM    HS256 (default), RS256 or ES256",
        "  KLOGGREGATOR_GATEWAY_JWT_SECRET       HS256: the secret (at least 32 bytes)",
        "  KLOGGREGATOR_GATEWAY_JWT_PRIVATE_KEY  RS256/ES256: PEM file of the PKCS#8 private key",
        "",
        "Examples:",
        "  export KLOGGREGATOR_TOKEN=$(logs token --app my-app)",
        "  logs token --app a --app b --ttl 8h",
        "  logs token --admin --ttl 15m",
        "",
        "Exit codes:%n"
            + "  0    token printed%n"
            + "  2    bad command line, or a missing or bad secret or key (the message names "
            + "the variable)"})
final class TokenCommand implements Callable<Integer> {

  static final Duration DEFAULT_TTL = Duration.ofHours(1);

  @Spec
  CommandSpec spec;

  @Option(names = "--app", paramLabel = "APP",
      description = "An app id the token may read (repeat for several).")
  List<String> apps = new ArrayList<>();

  @Option(names = "--admin", description = "Every app, the firehose and all admin endpoints.")
  boolean admin;

  @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
      description = "How long the token is valid: 90s, 30m, 8h, 7d or ISO-8601 (PT8H); "
          + "default ${DEFAULT-VALUE}.")
  String ttl;

  private final Terminal terminal;
  private final Clock clock;

  TokenCommand(Terminal terminal, Clock clock) {
    this.terminal = terminal;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    if (apps.isEmpty() && !admin) {
      throw new ParameterException(spec.commandLine(), "give --app APP (repeatable) or --admin");
    }
    if (apps.stream().anyMatch(String::isBlank)) {
      throw new ParameterException(spec.commandLine(), "--app must not be blank");
    }
    Duration validity = duration(ttl);
    TokenMinter minter;
    try {
      minter = TokenMinter.fromEnv(terminal.env(), clock);
    } catch (ConfigException e) {
      throw new CliException(ExitCode.BAD_CONFIG, "Cannot sign the token: " + e.getMessage());
    }
    String token = minter.mint(apps, admin, validity);
    terminal.out().println(token);
    terminal.err().println(minter.algorithm() + " token for " + (admin ? "every app (admin)"
        : "app" + (apps.size() == 1 ? " " : "s ") + String.join(", ", apps))
        + ", valid until " + clock.instant().plus(validity));
    return ExitCode.OK;
  }

  private Duration duration(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Duration parsed;
    try {
      if (value.startsWith("p")) {
        parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
      } else if (value.matches("\\d+[smhd]")) {
        long n = Long.parseLong(value.substring(0, value.length() - 1));
        parsed = switch (value.charAt(value.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      } else {
        parsed = null;
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      parsed = null;
    }
    if (parsed == null || parsed.isNegative() || parsed.isZero()) {
      throw new ParameterException(spec.commandLine(), "--ttl must be a positive duration such "
          + "as 90s, 30m, 8h, 7d or PT8H, was '" + text + "'");
    }
    return parsed;
  }
}
