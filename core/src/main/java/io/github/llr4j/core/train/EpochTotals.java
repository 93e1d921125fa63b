package io.github.llr4j.core.train;

import io.github.llr4j.core.run.Fields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running sums of one epoch (L, L_fin, f', passes over its steps) and how many of its batches
 * are done. Saved in the checkpoint state when a run stops inside an epoch ({@code --max-steps}),
 * so that the resumed run continues at that batch and reports the same epoch means as an
 * uninterrupted one (the sums are doubles, written and read back exactly).
 */
final class EpochTotals {
  double sumLoss;
  double sumReshaped;
  double sumFactor;
  long steps;
  long passes;

  void add(Trainer.StepOutcome o) {
    sumLoss += o.loss();
    sumReshaped += o.reshapedLoss();
    sumFactor += o.gradientFactor();
    steps++;
    passes += o.passes();
  }

  Map<String, Object> toState() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batches_done", steps);
    m.put("sum_loss", sumLoss);
    m.put("sum_reshaped_loss", sumReshaped);
    m.put("sum_gradient_factor", sumFactor);
    m.put("passes", passes);
    return m;
  }

  static EpochTotals fromState(Fields f, long maxBatches) {
    EpochTotals t = new EpochTotals();
    t.steps = f.integer("batches_done", 1, maxBatches);
    t.sumLoss = f.number("sum_loss");
    t.sumReshaped = f.number("sum_reshaped_loss");
    t.sumFactor = f.number("sum_gradient_factor");
    t.passes = f.integer("passes", t.steps, 2 * t.steps);
    return t;
  }
}
