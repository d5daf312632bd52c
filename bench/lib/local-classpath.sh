# Sourced by the benchmarks whose main classes live in local's test sources: compiles them
# and sets CP to local's test class path (offline when the Maven repository already holds
# everything, else online). Run from the repository root.
mvn -B -o -q -pl local test-compile || mvn -B -q -pl local test-compile
mvn -B -o -q -pl local dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null \
  || mvn -B -q -pl local dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="local/target/classes:local/target/test-classes:$(cat local/target/bench-classpath.txt)"
mkdir -p local/target/tmp
