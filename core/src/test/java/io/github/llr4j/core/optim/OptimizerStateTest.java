package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.testing.QuarticProblem;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Optimizer state lives in reference variables named after the parameters (their save/restore:
 * {@link OptimizerContractTest}).
 */
class OptimizerStateTest {

  @Test
  void sgdMomentumBuffersAreReferenceVariablesNamedAfterTheParameters() {
    try (QuarticProblem p =
        new QuarticProblem(TFloat32.class, Sgd.momentum(Hyperparameter.constant(0.01), 0.9, 0))) {
      for (String name : new String[] {"model/w0", "model/w1", "model/w2"}) {
        String slot = "sgd/momentum/" + name.replace('/', '.');
        assertThat(p.graph().operation(slot).type()).isEqualTo("VariableV2");
      }
      // the buffer after one step is the first gradient, as PyTorch initialises it
      p.step(TrainingClock.at(0, 1, 1));
      double[] g0 = QuarticProblem.gradient(QuarticProblem.INIT)[0];
      double[] buf = p.readVariable("sgd/momentum/model.w0");
      for (int k = 0; k < g0.length; k++) {
        assertThat(buf[k]).isCloseTo(g0[k], org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }

  @Test
  void plainSgdHasNoState() {
    try (QuarticProblem p =
        new QuarticProblem(TFloat64.class, Sgd.plain(Hyperparameter.constant(0.01)))) {
      assertThat(p.graph().operation("sgd/momentum/model.w0")).isNull();
    }
  }

  @Test
  void adamStateIsNamedAndCounted() {
    // save/restore of every optimizer's state: OptimizerContractTest
    Hyperparameter lr = Schedule.cosinePerStep(0.05, 0.005);
    try (QuarticProblem p = new QuarticProblem(TFloat64.class, new Adam(lr, 0.9, 0.99, 1e-8, 0))) {
      assertThat(p.graph().operation("adam/step").type()).isEqualTo("VariableV2");
      assertThat(p.graph().operation("adam/m/model.w1").type()).isEqualTo("VariableV2");
      assertThat(p.graph().operation("adam/v/model.w2").type()).isEqualTo("VariableV2");
      for (int s = 0; s < 5; s++) p.step(TrainingClock.at(s, 10, 1));
      assertThat(p.readVariable("adam/step")).containsExactly(5.0);
    }
  }
}
