package io.github.llr4j.core.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.core.run.RunStoppedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker that never joins: the chief stops within the stated timeout, naming it. */
class MissingWorkerTest {

  @Test
  @Timeout(120)
  void theChiefStopsWithinTheTimeoutAndNamesTheMissingWorker() throws Exception {
    List<String> cluster = LocalPorts.addresses(2);
    Replica chief = Replica.join(new ClusterSpec(cluster, 0), Duration.ofSeconds(3));
    TrainerConfig config = TrainerConfig.builder(Mlp.of(DistTestData.DIM, List.of(4), DistTestData.CLASSES),
        Sgd.plain(Hyperparameter.constant(0.1))).seed(1).logInterval(0).replica(chief).build();
    try (Trainer t = new Trainer(config, DistTestData.blobs(16, 1, 8), Map.of())) {
      long t0 = System.nanoTime();
      assertThatThrownBy(t::fit)
          .isInstanceOf(RunStoppedException.class)
          .hasMessageContaining("worker 1 (" + cluster.get(1) + ") does not answer")
          .hasMessageContaining("at most 3 s");
      double seconds = (System.nanoTime() - t0) / 1e9;
      // the collective timeout plus the 2 s probe and slack for a loaded machine; far below "hangs"
      assertThat(seconds).isLessThan(30);
    }
  }
}
