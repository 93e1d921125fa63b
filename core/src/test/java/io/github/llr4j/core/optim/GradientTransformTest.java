package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.testing.QuarticProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * GAF as one gradient transformation: composed with SGD or Adam it gives GafSgd's and GafAdam's
 * numbers bit for bit (their reference comparison and the composition with AdamW:
 * {@link OptimizerContractTest}).
 */
class GradientTransformTest {

  private static final GradientActivation GS = GradientActivation.sgdDefault();
  private static final GradientActivation GA = GradientActivation.adamDefault();

  /** Both optimizers 40 steps from the same start; every parameter after every step equal. */
  private static <T extends TNumber> void identical(Class<T> type, Optimizer a, Optimizer b) {
    try (QuarticProblem p = new QuarticProblem(type, a);
        QuarticProblem q = new QuarticProblem(type, b)) {
      for (int s = 0; s < 40; s++) {
        TrainingClock clock = TrainingClock.at(s, 10, 6);
        p.step(clock);
        q.step(clock);
        double[][] x = p.read();
        double[][] y = q.read();
        for (int i = 0; i < x.length; i++) {
          assertThat(y[i]).as("%s vs %s, step %d, parameter %d", a, b, s, i).containsExactly(x[i]);
        }
      }
    }
  }

  @Test
  void gafThenSgdIsGafSgdBitForBit() {
    Hyperparameter lr = OptimizerContractTest.schedule(0.05);
    for (Class<? extends TNumber> type : List.of(TFloat32.class, TFloat64.class)) {
      identical(type, new GafSgd(lr, 0.9, 0.05, GS, GafSgd.Placement.GRADIENT),
          GS.then(Sgd.momentum(lr, 0.9, 0.05)));
      identical(type, new GafSgd(lr, 0, 0.05, GS, GafSgd.Placement.GRADIENT),
          GS.then(new Sgd(lr, 0, false, 0.05)));
    }
  }

  @Test
  void gafThenAdamIsGafAdamBitForBit() {
    Hyperparameter lr = OptimizerContractTest.schedule(0.05);
    for (Class<? extends TNumber> type : List.of(TFloat32.class, TFloat64.class)) {
      identical(type, new GafAdam(lr, 0.9, 0.999, 1e-3, 0.1, GA),
          GA.then(new Adam(lr, 0.9, 0.999, 1e-3, 0.1)));
    }
  }

  @Test
  void theNamedCompositionsKeepTheirCheckpointNames() {
    Hyperparameter lr = Hyperparameter.constant(0.01);
    try (QuarticProblem p = new QuarticProblem(TFloat32.class,
            new GafSgd(lr, 0.9, 0, GS, GafSgd.Placement.GRADIENT));
        QuarticProblem q = new QuarticProblem(TFloat32.class, GafAdam.of(lr));
        QuarticProblem r = new QuarticProblem(TFloat32.class, GS.then(Sgd.momentum(lr, 0.9, 0)))) {
      assertThat(p.graph().operation("gaf_sgd/momentum/model.w0").type()).isEqualTo("VariableV2");
      assertThat(q.graph().operation("gaf_adam/m/model.w1").type()).isEqualTo("VariableV2");
      assertThat(r.graph().operation("sgd/momentum/model.w2").type()).isEqualTo("VariableV2");
    }
  }

  @Test
  void compositionNamesAndRefusals() {
    Hyperparameter lr = Hyperparameter.constant(0.1);
    Transformed t = GA.then(AdamW.of(lr, 0.01));
    assertThat(t.name()).isEqualTo("gaf-adamw");
    assertThat(t.toString())
        .isEqualTo("gaf(alpha=0.1, beta=15.0) then adamw(lr=0.1, betas=(0.9, 0.999), eps=1.0E-8, wd=0.01)");
    assertThatThrownBy(() -> GA.then(Sam.sam(Sgd.plain(lr), 0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("base must not be SAM, got ")
        .hasMessageEndingWith("; wrap the transformed optimizer in SAM instead");
    assertThatThrownBy(() -> new Transformed(null, Sgd.plain(lr)))
        .hasMessage("transform must not be null");
    assertThat(Sam.sam(GS.then(Sgd.plain(lr)), 0.1).name()).isEqualTo("sam-gaf-sgd");
  }
}
