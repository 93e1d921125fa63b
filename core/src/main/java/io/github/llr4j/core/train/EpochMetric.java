package io.github.llr4j.core.train;

import io.github.llr4j.core.nn.Model;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * A metric the {@link Trainer} computes after every epoch besides the inference-mode loss and
 * accuracy of its evaluation sets, for example robust accuracy under a PGD attack on the
 * validation split. Its values go into {@code metrics.jsonl} and can drive model selection
 * ({@link Selection}).
 *
 * <p>Keys ending in {@code _accuracy} are tracked as maxima and keys ending in {@code _loss} as
 * minima in {@code summary.json}'s {@code best} block, like the built-in metrics.
 */
public interface EpochMetric {

  /** Adds the metric's ops to the trainer's graph (called once, after the model is built). */
  void build(Ops tf, Model model);

  /** The metric's values after epoch {@code epoch}, computed with the trained variables. */
  Map<String, Double> compute(Session session, int epoch);

  /** Settings for reports and the checkpoint's configuration hash. */
  String describe();
}
