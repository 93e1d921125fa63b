package io.github.llr4j.core.train;

import io.github.llr4j.core.loss.CrossEntropyLoss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.HessianSpectrum;
import io.github.llr4j.core.diag.HessianVectorProduct;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.nn.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The trainer records flatness every N epochs; the values are those of an independent probe. */
class FlatnessTrackingTest {

  @Test
  void bfloat16RunsRefuseFlatnessTracking() {
    TrainerConfig.Builder b = TrainerConfig.builder(new TinyProblem.Linear(),
        new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9)).flatness(FlatnessTracking.every(1))
        .precision(io.github.llr4j.core.precision.Precision.BF16);
    org.assertj.core.api.Assertions.assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flatness and trajectory tracking must run in fp32").hasMessageContaining("got precision bf16");
    // trajectories use the same finite-difference Hessian products
    TrainerConfig.Builder t = TrainerConfig.builder(new TinyProblem.Linear(),
        new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9))
        .trajectory(io.github.llr4j.core.diag.traj.TrajectoryTracking.every(1))
        .precision(io.github.llr4j.core.precision.Precision.BF16);
    org.assertj.core.api.Assertions.assertThatThrownBy(t::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flatness and trajectory tracking must run in fp32");
    TrainerConfig.builder(new TinyProblem.Linear(), new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9))
        .trajectory(io.github.llr4j.core.diag.traj.TrajectoryTracking.every(1)).build();
  }

  @Test
  void recordsLambdaMaxTraceAndSharpnessEveryNEpochs(@TempDir Path out) throws Exception {
    ArrayBatches train = TinyProblem.blobs(128, 1, 32);
    FlatnessTracking tracking = new FlatnessTracking(2, 2, 60, 1e-6, 5, 0.5, 5, 3);
    TrainerConfig config = TrainerConfig.builder(new TinyProblem.Linear(), new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9))
        .epochs(3).seed(5).outputDir(out).logInterval(0).flatness(tracking).build();
    double[] finalWeights;
    try (Trainer t = new Trainer(config, train, Map.of())) {
      t.fit();
      finalWeights = readWeights(t);
    }
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(lines.get(0)).has("lambda_max")).isFalse();
    JsonNode e1 = json.readTree(lines.get(1)), e2 = json.readTree(lines.get(2));
    for (JsonNode e : List.of(e1, e2)) {
      // softmax regression: convex, so 0 < lambda_max <= trace
      assertThat(e.get("lambda_max").asDouble()).isPositive();
      assertThat(e.get("hessian_trace").asDouble()).isGreaterThan(e.get("lambda_max").asDouble() * 0.9);
      assertThat(e.get("sharpness_1d").asDouble()).isPositive();
      assertThat(e.get("passes_per_step").asDouble()).isEqualTo(1.0);
    }
    // an independent probe at the final weights on the same batches finds the same lambda_max
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = new TinyProblem.Linear().build(tf.withSubScope("model"), 5);
      LossProbe probe = new LossProbe(tf, "diag", m, new CrossEntropyLoss(4), TFloat32.class, Shape.of(8), false);
      List<Batch> data = new ArrayList<>();
      Iterator<Batch> it = train.epoch(0);
      while (data.size() < 2) data.add(it.next());
      try (Session s = new Session(g)) {
        probe.setWeights(s, finalWeights);
        HessianVectorProduct hvp = new HessianVectorProduct(probe, s, data, HessianVectorProduct.Mode.FINITE_DIFFERENCE, 1e-3);
        double lambda = HessianSpectrum.topEigenvalues(hvp, 1, 60, 1e-6, 3, null).top();
        assertThat(e2.get("lambda_max").asDouble()).isCloseTo(lambda, within(1e-6 * lambda));
      }
      data.forEach(Batch::close);
    }
  }

  private static double[] readWeights(Trainer t) {
    List<Double> out = new ArrayList<>();
    for (var v : t.model().trainableVariables())
      for (float f : io.github.llr4j.core.testing.TensorValues.fetch(t.session(), v)) out.add((double) f);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
