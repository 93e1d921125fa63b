package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class ConfusionMatrixTest {

  @Test
  void threeClassesByHand() {
    // truth:     0 0 0 0 1 1 1 2 2 2
    // predicted: 0 0 1 2 1 1 0 2 2 1
    ConfusionMatrix m = ConfusionMatrix.of(3, new int[] {0, 0, 0, 0, 1, 1, 1, 2, 2, 2},
        new int[] {0, 0, 1, 2, 1, 1, 0, 2, 2, 1});
    assertThat(m.counts()).isEqualTo(new long[][] {{2, 1, 1}, {1, 2, 0}, {0, 1, 2}});
    assertThat(m.accuracy()).isEqualTo(0.6);
    // class 0: P = 2/3, R = 2/4, F1 = 2*(2/3)(1/2)/(2/3+1/2) = 4/7
    assertThat(m.precision(0)).isCloseTo(2.0 / 3, offset(1e-12));
    assertThat(m.recall(0)).isEqualTo(0.5);
    assertThat(m.f1(0)).isCloseTo(4.0 / 7, offset(1e-12));
    // class 1: P = 2/4, R = 2/3, F1 = 4/7; class 2: P = 2/3, R = 2/3, F1 = 2/3
    assertThat(m.precision(1)).isEqualTo(0.5);
    assertThat(m.recall(1)).isCloseTo(2.0 / 3, offset(1e-12));
    assertThat(m.f1(2)).isCloseTo(2.0 / 3, offset(1e-12));
    assertThat(m.macroF1()).isCloseTo((4.0 / 7 + 4.0 / 7 + 2.0 / 3) / 3, offset(1e-12));
  }

  @Test
  void neverPredictedClassCountsAsZero() {
    // everything predicted 0 on 8 ham / 2 spam: accuracy 0.8 but macro-F1 = (F1_0 + 0) / 2
    ConfusionMatrix m = ConfusionMatrix.of(2, new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1}, new int[10]);
    assertThat(m.accuracy()).isEqualTo(0.8);
    assertThat(m.precision(1)).isZero();
    assertThat(m.recall(1)).isZero();
    assertThat(m.f1(0)).isCloseTo(2 * 0.8 / 1.8, offset(1e-12));
    assertThat(m.macroF1()).isCloseTo(0.8 / 1.8, offset(1e-12));
    Map<String, Object> d = m.describe("test", List.of("ham", "spam"));
    assertThat(d).containsEntry("test_confusion", List.of(List.of(8L, 0L), List.of(2L, 0L)));
    assertThat(d.get("test_per_class").toString()).contains("spam={precision=0.0, recall=0.0, f1=0.0, support=2}");
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> ConfusionMatrix.of(2, new int[] {0, 2}, new int[] {0, 1}))
        .hasMessageContaining("labels must be in [0, 2)");
    assertThatThrownBy(() -> new ConfusionMatrix(new long[][] {{1, 2}, {3}}))
        .hasMessageContaining("square");
  }

  @Test
  void trainerConfusionAgreesWithItsAccuracy() {
    float[] x = new float[40 * 2];
    int[] y = new int[40];
    for (int i = 0; i < 40; i++) {
      y[i] = i % 2;
      x[2 * i] = (i % 2 == 0 ? 1 : -1) * (1 + i % 5) * 0.3f;
      x[2 * i + 1] = (i % 3) * 0.5f - 0.5f;
    }
    var data = ArrayBatches.ofFloats(x, Shape.of(2), y).batchSize(7).shuffle(false).build();
    var cfg = TrainerConfig.builder(Mlp.of(2, List.of(4), 2), Sgd.momentum(Schedule.constant(0.05), 0.9, 0))
        .epochs(1).seed(3).logInterval(0).build();
    try (Trainer t = new Trainer(cfg, data, Map.of())) {
      ConfusionMatrix m = t.confusion(data, 0);
      assertThat(m.total()).isEqualTo(40);
      assertThat(m.accuracy()).isCloseTo(t.evaluate(data, 0).accuracy(), offset(1e-12));
      long[][] c = m.counts();
      assertThat(c[0][0] + c[0][1]).isEqualTo(20);
    }
  }
}
