# Sourced by every benchmark (run from the repository root): compiles the bench module and the
# modules it builds on (offline when the Maven repository already holds everything, else
# online; nothing is installed) and sets CP to the bench module's class path: its harness
# classes, then the components' classes and the test fixtures it shares with them.
# Returns non-zero when the build fails.
BENCH_BUILD=(-B -q -pl bench -am test-compile dependency:build-classpath
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
if ! mvn -o "${BENCH_BUILD[@]}"; then
  mvn "${BENCH_BUILD[@]}" || return 1
fi
CP="$PWD/bench/target/classes:$(cat bench/target/bench-classpath.txt)"
mkdir -p bench/target/tmp
