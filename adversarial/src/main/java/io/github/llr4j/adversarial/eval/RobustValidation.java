package io.github.llr4j.adversarial.eval;

import io.github.llr4j.adversarial.attack.Attack;
import io.github.llr4j.adversarial.attack.AttackGraph;
import io.github.llr4j.adversarial.attack.AttackMode;
import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.train.EpochMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

/**
 * Robust accuracy of the model being trained on a held-out split after every epoch: the metric
 * behind robust early stopping (Rice, Wong and Kolter, "Overfitting in adversarially robust deep
 * learning", ICML 2020), where robust test accuracy peaks and then falls while training goes on.
 * Used with {@code Selection("val_robust_accuracy", true, true)} the trainer keeps the weights of
 * the epoch with the highest robust validation accuracy.
 *
 * <p>Values per epoch: {@code <set>_robust_accuracy} (correct on the clean input and at every
 * attack iterate, as {@link RobustnessEvaluator}) and {@code <set>_robust_clean_accuracy} over
 * the same first {@code limit} examples; the attack runs in inference mode with a fixed seed, so
 * epochs are compared on equal terms.
 */
public final class RobustValidation implements EpochMetric {

  private final String set;
  private final Batches data;
  private final Attack attack;
  private final int limit;
  private final Shape exampleShape;
  private final int classes;
  private final long seed;
  private AttackGraph graph;

  /**
   * @param set name used in the metric keys (e.g. {@code val})
   * @param limit examples attacked per epoch, 0 = all of {@code data}
   */
  public RobustValidation(String set, Batches data, Attack attack, int limit, Shape exampleShape, int classes,
      long seed) {
    if (set == null || !set.matches("[a-z][a-z0-9_]*"))
      throw new IllegalArgumentException("set must be a lower-case name such as val, got '" + set + "'");
    if (data == null || attack == null) throw new IllegalArgumentException("data and attack must not be null");
    Require.atLeast("limit", limit, 0);
    Require.classes(classes);
    this.set = set;
    this.data = data;
    this.attack = attack;
    this.limit = limit;
    this.exampleShape = exampleShape;
    this.classes = classes;
    this.seed = seed;
  }

  @Override
  public void build(Ops tf, Model model) {
    graph = new AttackGraph(tf, model, exampleShape, AttackMode.INFERENCE, classes);
  }

  @Override
  public Map<String, Double> compute(Session session, int epoch) {
    if (graph == null) throw new IllegalStateException("build must be called before compute");
    RobustnessEvaluator.Point p = new RobustnessEvaluator(session, graph)
        .evaluate(data, List.of(attack.eps()), e -> attack, limit, seed).get(0);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put(set + "_robust_accuracy", p.robustAccuracy());
    out.put(set + "_robust_clean_accuracy", p.cleanAccuracy());
    out.put(set + "_robust_seconds", p.seconds());
    return out;
  }

  @Override
  public String describe() {
    return set + " robust accuracy under " + attack.describe() + " on " + (limit == 0 ? "all" : "the first " + limit)
        + " examples";
  }
}
