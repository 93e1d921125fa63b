package io.github.llr4j.core.dist;

import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Runs a data-parallel fit with two workers in this JVM (two servers on free ports, two threads). */
final class TwoWorkers {
  private TwoWorkers() {}

  /** Each worker's weights after {@code fit()}, by rank; {@code config} makes a worker's configuration. */
  static List<float[]> train(Function<Replica, TrainerConfig> config, Batches data, Duration timeout) throws Exception {
    List<String> cluster = LocalPorts.addresses(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int rank = 0; rank < 2; rank++) {
        Replica replica = Replica.join(new ClusterSpec(cluster, rank), timeout);
        futures.add(pool.submit(() -> {
          try (Trainer t = new Trainer(config.apply(replica), data, Map.of())) {
            t.fit();
            return DistTestData.weights(t);
          }
        }));
      }
      List<float[]> out = new ArrayList<>();
      for (Future<float[]> f : futures) out.add(f.get(timeout.toSeconds() * 3, TimeUnit.SECONDS));
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
