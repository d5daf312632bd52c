package io.kloggregator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstancesFileTest {

  private static final Path SOURCE = Path.of("/dea/db/instances.json");
  private final InstancesFile parser = new InstancesFile();

  private InstancesFile.Snapshot parse(String json) {
    return parser.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8), SOURCE);
  }

  private static String entry(String app, String state, long job, int index, String path) {
    return "{'application_id':'" + app + "','state':'" + state + "','warden_job_id':" + job
        + ",'instance_index':" + index + ",'warden_container_path':'" + path
        + "','syslog_drain_urls':[]}";
  }

  @Test
  void readsRunningStartingAndStoppingInstances() {
    InstancesFile.Snapshot s = parse("{'time':1.5,'instances':["
        + entry("a", "RUNNING", 1, 0, "/c/1") + "," + entry("b", "STARTING", 2, 1, "/c/2") + ","
        + entry("c", "STOPPING", 3, 2, "/c/3") + "," + entry("d", "CRASHED", 4, 0, "/c/4")
        + "],'staging_tasks':[]}");

    assertThat(s.instances()).containsExactly(
        new AppInstance("a", 0, 1, Path.of("/c/1")),
        new AppInstance("b", 1, 2, Path.of("/c/2")),
        new AppInstance("c", 2, 3, Path.of("/c/3")));
    assertThat(s.instances().get(0).stdoutSocket()).isEqualTo(Path.of("/c/1/jobs/1/stdout.sock"));
    assertThat(s.skipped()).isZero();
  }

  @Test
  void ignoresInstancesWithoutContainerOrJob() {
    InstancesFile.Snapshot s = parse("{'instances':[" + entry("a", "RUNNING", 0, 0, "/c/1") + ","
        + entry("b", "RUNNING", 5, 0, "") + "]}");

    assertThat(s.instances()).isEmpty();
    assertThat(s.skipped()).isZero();
  }

  @Test
  void skipsAndCountsEntriesWithoutAppIdOrWithWrongTypes() {
    InstancesFile.Snapshot s = parse("{'instances':[" + entry("", "RUNNING", 1, 0, "/c/1") + ","
        + "{'application_id':'x','state':'RUNNING','warden_job_id':'seven',"
        + "'instance_index':0,'warden_container_path':'/c'}, 42,"
        + entry("ok", "RUNNING", 9, 0, "/c/9") + "]}");

    assertThat(s.instances()).extracting(AppInstance::appId).containsExactly("ok");
    assertThat(s.skipped()).isEqualTo(3);
  }

  @Test
  void skipsAndCountsAContainerPathThatIsNotAPath() {
    InstancesFile.Snapshot s = parse("{'instances':[" + entry("a", "RUNNING", 1, 0, "/c/\\u0000x")
        + "]}");

    assertThat(s.instances()).isEmpty();
    assertThat(s.skipped()).isEqualTo(1);
  }

  @Test
  void readsStagingTasksAsSourceStgWithIndexZero() {
    InstancesFile.Snapshot s = parse("{'instances':[],'staging_tasks':[{'staging_message':"
        + "{'app_id':'staging-app'},'warden_job_id':42,'warden_container_path':'/c/s',"
        + "'syslog_drain_urls':[]}, {'staging_message':{},'warden_job_id':43}]}");

    assertThat(s.instances()).containsExactly(
        new AppInstance("staging-app", 0, 42, Path.of("/c/s"), "STG"));
    assertThat(s.skipped()).isEqualTo(1);
  }

  @Test
  void aFileWithoutInstancesListsNone() {
    assertThat(parse("{'time':1}").instances()).isEmpty();
  }

  @Test
  void partialJsonIsRefusedWithPathAndPosition() {
    assertThatThrownBy(() -> parse("{'instances':[\n" + entry("a", "RUNNING", 1, 0, "/c")
        + ",\n{'application_id':'b','sta"))
        .isInstanceOf(InstancesFile.InvalidException.class)
        .hasMessageContaining("/dea/db/instances.json is not valid JSON at line 3 column");
  }

  @Test
  void emptyFileIsRefused() {
    assertThatThrownBy(() -> parse(""))
        .isInstanceOf(InstancesFile.InvalidException.class)
        .hasMessageContaining("/dea/db/instances.json is empty");
  }

  @Test
  void instancesThatAreNotAnArrayAreRefused() {
    assertThatThrownBy(() -> parse("{'instances':{}}"))
        .hasMessageContaining("$.instances must be an array");
  }
}
