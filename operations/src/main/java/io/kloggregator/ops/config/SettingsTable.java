package io.kloggregator.ops.config;

/**
 * Renders {@link Settings} as the Markdown table of a module README, between the lines
 * {@value #BEGIN} and {@value #END}. Each module's README test compares its README with
 * {@link #rewrite}, so the table cannot drift from the declarations. Stateless.
 */
public final class SettingsTable {

  public static final String BEGIN = "<!-- settings:begin -->";
  public static final String END = "<!-- settings:end -->";
  /** Set to {@code true} to make a README test write the table instead of failing. */
  public static final String WRITE_PROPERTY = "settings.write";

  private SettingsTable() {
  }

  /** One row per setting: variable, default (or {@code required}), accepted text, meaning. */
  public static String markdown(Settings settings) {
    StringBuilder out = new StringBuilder()
        .append("| Variable | Default | Accepts | Meaning |\n")
        .append("|---|---|---|---|\n");
    for (Setting<?> s : settings.list()) {
      String variable = s.isPrefix() ? s.name() + "<KEY>" : s.name();
      String fallback = s.isRequired() ? "required" : s.fallbackText();
      String accepts = s.ruleText().isEmpty() ? s.type() : s.type() + " (" + s.ruleText() + ")";
      out.append("| `").append(variable).append("` | ").append(cell(fallback)).append(" | ")
          .append(cell(accepts)).append(" | ").append(cell(s.doc())).append(" |\n");
    }
    return out.toString();
  }

  /**
   * {@code readme} with the text between its markers replaced by {@link #markdown}.
   *
   * @throws IllegalArgumentException when the markers are missing or out of order
   */
  public static String rewrite(String readme, Settings settings) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("the README has no " + BEGIN + " ... " + END
          + " section; add the two lines where the settings table belongs");
    }
    return readme.substring(0, begin + BEGIN.length()) + "\n" + markdown(settings)
        + readme.substring(end);
  }

  /**
   * What the README check says when {@code module}'s README is stale: how to rewrite it. The check
   * rewrites the READMEs itself when the system property {@value #WRITE_PROPERTY} is true.
   */
  public static String staleReadme(String module) {
    return module + "/README.md's settings table differs from the declarations; regenerate the "
        + "tables with: mvn -o -q -pl dist -am test -Dtest=ReadmeSettingsTest"
        + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
