package io.github.llr4j.core.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing and validation of --cluster / --rank, and the session configuration they give. */
class ClusterSpecTest {

  @Test
  void parsesTheListAndNamesTheTasks() {
    ClusterSpec c = ClusterSpec.parse("hostA:2222, hostB:2223", 1);
    assertThat(c.addresses()).containsExactly("hostA:2222", "hostB:2223");
    assertThat(c.size()).isEqualTo(2);
    assertThat(c.isChief()).isFalse();
    assertThat(c.target()).isEqualTo("grpc://hostB:2223");
    assertThat(c.port()).isEqualTo(2223);
    assertThat(c.taskName(0)).isEqualTo("/job:worker/replica:0/task:0");
    var config = c.sessionConfig(5000);
    assertThat(config.getDeviceFiltersList()).containsExactly("/job:worker/replica:0/task:1");
    assertThat(config.getExperimental().getCollectiveGroupLeader()).isEqualTo("/job:worker/replica:0/task:0");
    assertThat(config.getOperationTimeoutInMs()).isEqualTo(5000);
    var server = c.serverDef(config);
    assertThat(server.getTaskIndex()).isEqualTo(1);
    assertThat(server.getCluster().getJob(0).getTasksMap()).containsEntry(0, "hostA:2222").containsEntry(1, "hostB:2223");
  }

  @Test
  void badInputIsOneLineNamingTheFlag() {
    assertThatThrownBy(() -> ClusterSpec.parse("hostA:2222", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--cluster must list at least 2 host:port addresses");
    assertThatThrownBy(() -> ClusterSpec.parse("hostA:2222,hostB", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cluster address must be host:port").hasMessageContaining("hostB");
    assertThatThrownBy(() -> ClusterSpec.parse("hostA:2222,hostB:70000", 0))
        .hasMessageContaining("port in 1..65535");
    assertThatThrownBy(() -> ClusterSpec.parse("hostA:2222,hostA:2222", 0)).hasMessageContaining("every address once");
    assertThatThrownBy(() -> new ClusterSpec(List.of("a:1", "b:2"), 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--rank must be in [0, 1]");
  }
}
