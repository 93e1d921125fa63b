package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Resume with the library's own pieces: an MLP with batch norm (moving statistics are state that
 * must survive the checkpoint) and dropout (masks from the fed step seed), momentum SGD (its buffers
 * are optimizer state) and a per-epoch cosine schedule. Interrupted after epoch 1 and resumed, the
 * run must end bit-identical to an uninterrupted one.
 */
class ResumeWithStateTest {

  private static final ArrayBatches TRAIN = TinyProblem.blobs(256, 5, 32);

  private static TrainerConfig.Builder config(Path out) {
    Mlp mlp = new Mlp(TinyProblem.DIM, List.of(16, 16), TinyProblem.CLASSES, 0.2, true);
    Sgd sgd = Sgd.momentum(Schedule.cosinePerEpoch(0.1, 0.0), 0.9, 5e-4);
    return TrainerConfig.builder(mlp, sgd).epochs(3).seed(3).outputDir(out).logInterval(0);
  }

  private static List<float[]> values(Session s, List<Variable<TFloat32>> vars) {
    List<float[]> out = new ArrayList<>();
    for (Variable<TFloat32> v : vars) {
      try (Result r = s.runner().fetch(v).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] a = new float[(int) t.size()];
        t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(a, false, false));
        out.add(a);
      }
    }
    return out;
  }

  private static List<float[]> allState(Trainer t) {
    List<float[]> out = new ArrayList<>(values(t.session(), t.model().trainableVariables()));
    out.addAll(values(t.session(), t.model().stateVariables()));
    return out;
  }

  @Test
  void batchNormAndMomentumStateSurviveResume(@TempDir Path a, @TempDir Path b) {
    List<float[]> straight;
    try (Trainer t = new Trainer(config(a).build(), TRAIN, Map.of())) {
      t.fit();
      straight = allState(t);
    }
    try (Trainer t = new Trainer(config(b).maxSteps(8).build(), TRAIN, Map.of())) {
      assertThat(t.fit().epochsCompleted()).isEqualTo(1);
    }
    List<float[]> resumed;
    try (Trainer t = new Trainer(config(b).resume(true).build(), TRAIN, Map.of())) {
      assertThat(t.fit().steps()).isEqualTo(24);
      resumed = allState(t);
    }
    assertThat(resumed).hasSameSizeAs(straight);
    for (int i = 0; i < straight.size(); i++) {
      assertThat(resumed.get(i)).as("variable %d", i).containsExactly(straight.get(i));
    }
  }

  @Test
  void twoUninterruptedRunsAgreeBitwise(@TempDir Path a, @TempDir Path b) {
    List<float[]> first;
    try (Trainer t = new Trainer(config(a).build(), TRAIN, Map.of())) {
      t.fit();
      first = allState(t);
    }
    try (Trainer t = new Trainer(config(b).build(), TRAIN, Map.of())) {
      t.fit();
      List<float[]> second = allState(t);
      for (int i = 0; i < first.size(); i++) assertThat(second.get(i)).containsExactly(first.get(i));
    }
  }
}
