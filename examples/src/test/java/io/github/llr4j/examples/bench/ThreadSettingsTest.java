package io.github.llr4j.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadSettingsTest {

  @Test
  void namesTensorFlowsPoolSizesFromItsEnvironmentVariables() {
    assertThat(ThreadSettings.tensorflow(Map.of(), 4))
        .isEqualTo("tensorflow intra-op 4 (default), inter-op 4 (default) (4 cores)");
    assertThat(ThreadSettings.tensorflow(Map.of("TF_NUM_INTRAOP_THREADS", "2", "TF_NUM_INTEROP_THREADS", "1"), 4))
        .isEqualTo("tensorflow intra-op 2, inter-op 1 (4 cores)");
    // 0 is TensorFlow's "default"; a value it cannot parse is ignored by it too
    assertThat(ThreadSettings.tensorflow(Map.of("TF_NUM_INTRAOP_THREADS", "0", "TF_NUM_INTEROP_THREADS", "two"), 2))
        .isEqualTo("tensorflow intra-op 2 (default), inter-op 2 (default; 'two' is not a number) (2 cores)");
  }
}
