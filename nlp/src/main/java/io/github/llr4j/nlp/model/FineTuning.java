package io.github.llr4j.nlp.model;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.optim.GradientTransform;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.optim.ParameterGroups;
import io.github.llr4j.core.optim.ParameterGroups.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * Fine-tuning settings of a {@link TransformerModel}: freezing and layer-wise learning-rate decay
 * (LLRD; Howard and Ruder 2018, Clark et al. 2020), built as {@link ParameterGroups} over the
 * encoder's variable names ({@code .../encoder/embeddings/...}, {@code .../encoder/layer_<l>/...};
 * everything else, the final norm, pooler and classifier, is the head).
 *
 * <p>Convention, with L encoder layers numbered 0 (bottom) to L - 1 (top): the head trains at the
 * rate {@code lr}, layer l at {@code lr * D^(L - l)} (the top layer at {@code lr * D}), the
 * embeddings at {@code lr * D^(L + 1)}. Frozen variables (the embeddings, the first K layers) get
 * no update, no weight decay and no optimizer state. L is read from the variable names when the
 * update is built.
 *
 * @param layerDecay D, in (0, 1]; 1 for none
 * @param freezeEmbeddings freeze {@code encoder/embeddings/...}
 * @param freezeLayers K >= 0: freeze layers 0 to K - 1; at most L
 */
public record FineTuning(double layerDecay, boolean freezeEmbeddings, int freezeLayers) {

  private static final Pattern LAYER = Pattern.compile("(?:^|/)encoder/layer_(\\d+)/");
  private static final Pattern EMBEDDINGS = Pattern.compile("(?:^|/)encoder/embeddings/");

  public FineTuning {
    Require.that(layerDecay > 0 && layerDecay <= 1, "layer-wise lr decay", "be in (0, 1]", layerDecay);
    Require.that(freezeLayers >= 0, "frozen layer count", "be >= 0", freezeLayers);
  }

  /** No freezing and no decay: the plain optimizer is enough. */
  public boolean isPlain() {
    return layerDecay == 1 && !freezeEmbeddings && freezeLayers == 0;
  }

  /**
   * The optimizer: {@code atScale.apply(s)} is the base optimizer with its learning rate scaled by
   * s (1 for the head); {@code before} (e.g. a global-norm clip, or null) acts on all trained
   * gradients together.
   */
  public Optimizer optimizer(DoubleFunction<Optimizer> atScale, GradientTransform before) {
    Require.notNull("atScale", atScale);
    return new Built(this, atScale, before);
  }

  /** The layer index in a variable name, or -1. */
  static int layerOf(String name) {
    Matcher m = LAYER.matcher(name);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  static boolean isEmbedding(String name) {
    return EMBEDDINGS.matcher(name).find();
  }

  /** The groups for an encoder of {@code layers} layers. */
  ParameterGroups groups(int layers, DoubleFunction<Optimizer> atScale, GradientTransform before) {
    Require.that(freezeLayers <= layers, "frozen layer count", "be at most the encoder's " + layers
        + " layers", freezeLayers);
    List<Group> groups = new ArrayList<>();
    groups.add(freezeEmbeddings
        ? Group.frozen("embeddings", FineTuning::isEmbedding)
        : Group.trained("embeddings", FineTuning::isEmbedding,
            atScale.apply(Math.pow(layerDecay, layers + 1))));
    for (int l = 0; l < layers; l++) {
      int layer = l;
      String name = "layer_" + l;
      groups.add(layer < freezeLayers
          ? Group.frozen(name, n -> layerOf(n) == layer)
          : Group.trained(name, n -> layerOf(n) == layer,
              atScale.apply(Math.pow(layerDecay, layers - layer))));
    }
    groups.add(Group.trained(ParameterGroups.HEAD, n -> true, atScale.apply(1)));
    return new ParameterGroups(groups, before);
  }

  private record Built(FineTuning settings, DoubleFunction<Optimizer> atScale,
      GradientTransform before) implements Optimizer {

    @Override
    public String name() {
      return "finetune-" + atScale.apply(1).name();
    }

    @Override
    public <T extends TNumber> Op applyGradients(
        Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
      int layers = 0;
      for (Variable<T> p : params) layers = Math.max(layers, layerOf(p.op().name()) + 1);
      return settings.groups(layers, atScale, before).applyGradients(tf, params, gradients, feeds);
    }

    @Override
    public String toString() {
      return "fine-tuning(layer decay " + settings.layerDecay() + ", frozen embeddings "
          + settings.freezeEmbeddings() + ", frozen layers " + settings.freezeLayers() + ") of "
          + (before == null ? "" : before + " then ") + atScale.apply(1);
    }
  }
}
