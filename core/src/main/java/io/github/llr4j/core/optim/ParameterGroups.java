package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * One optimizer per group of parameters (PyTorch's parameter groups, optax's
 * {@code multi_transform}): each parameter goes to the first group whose predicate accepts its
 * variable name ({@code op().name()}, e.g. {@code encoder/layer_3/ffn/output/kernel}); a parameter
 * no group accepts is an error naming it. A {@linkplain Group#frozen frozen} group gets no update
 * at all: no weight decay, no optimizer state, its variables stay bit-identical.
 *
 * <p>Each group's optimizer reads its hyperparameters under the prefix {@code <group name>.}
 * ({@code layer_3.lr}; see {@link ScalarFeeds#prefixed}), except a group named {@link #HEAD}, which
 * reads them unprefixed so that the trainer's log of {@code lr} shows the head's rate. State
 * variables live under the sub-scope of the group's name.
 *
 * <p>{@code before} (optional, e.g. {@link GlobalNormClip}) transforms the gradients of all
 * trained (non-frozen) parameters together before the groups apply them, so a global-norm clip
 * measures only what is trained.
 *
 * @param groups in matching order, distinct names; at least one
 * @param before a transform over all trained parameters, or null for none
 */
public record ParameterGroups(List<Group> groups, GradientTransform before) implements Optimizer {

  /** The group whose hyperparameters keep their plain names ({@code lr}). */
  public static final String HEAD = "head";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]*");

  public ParameterGroups {
    Require.notNull("groups", groups);
    Require.that(!groups.isEmpty(), "groups", "hold at least one group", groups);
    Set<String> names = new HashSet<>();
    for (Group g : groups) {
      Require.notNull("group", g);
      Require.that(names.add(g.name()), "group names", "be distinct", g.name());
      if (g.optimizer() != null) {
        Require.that(g.optimizer().twoPass().isEmpty(), "group '" + g.name() + "' optimizer",
            "take one pass per step", g.optimizer(), "wrap the parameter groups in SAM instead");
      }
    }
    groups = List.copyOf(groups);
  }

  /** Groups without a shared transform. */
  public static ParameterGroups of(List<Group> groups) {
    return new ParameterGroups(groups, null);
  }

  /**
   * A named group.
   *
   * @param name letters, digits, '_', '-'; names the fed hyperparameters and the state scope
   * @param selects accepts the variable names of this group's parameters
   * @param optimizer the update rule, or null for a frozen group
   */
  public record Group(String name, Predicate<String> selects, Optimizer optimizer) {
    public Group {
      Require.that(name != null && NAME.matcher(name).matches(), "group name",
          "match " + NAME.pattern(), "'" + name + "'");
      Require.notNull("selects", selects);
    }

    /** A group trained by {@code optimizer}. */
    public static Group trained(String name, Predicate<String> selects, Optimizer optimizer) {
      Require.notNull("optimizer", optimizer, " (use Group.frozen for no update)");
      return new Group(name, selects, optimizer);
    }

    /** A group that is never updated. */
    public static Group frozen(String name, Predicate<String> selects) {
      return new Group(name, selects, null);
    }

    public boolean isFrozen() {
      return optimizer == null;
    }
  }

  @Override
  public String name() {
    return "groups";
  }

  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    Class<T> type = UpdateGraph.checkedType(tf, params, gradients, feeds);
    int n = groups.size();
    List<List<Variable<T>>> ps = new ArrayList<>();
    List<List<Integer>> index = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      ps.add(new ArrayList<>());
      index.add(new ArrayList<>());
    }
    List<Variable<T>> trained = new ArrayList<>();
    List<Operand<T>> trainedGrads = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      String name = params.get(i).op().name();
      int k = groupOf(name);
      ps.get(k).add(params.get(i));
      if (!groups.get(k).isFrozen()) {
        index.get(k).add(trained.size());
        trained.add(params.get(i));
        trainedGrads.add(gradients.get(i));
      }
    }
    List<Operand<T>> grads = before == null || trained.isEmpty()
        ? trainedGrads
        : before.apply(tf.withSubScope(before.name()), trained, trainedGrads, type);
    List<Op> updates = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Group g = groups.get(k);
      if (g.isFrozen() || ps.get(k).isEmpty()) continue;
      List<Operand<T>> gg = new ArrayList<>();
      for (int j : index.get(k)) gg.add(grads.get(j));
      ScalarFeeds f = HEAD.equals(g.name()) ? feeds : feeds.prefixed(g.name() + ".");
      updates.add(g.optimizer().applyGradients(tf.withSubScope(g.name()), ps.get(k), gg, f));
    }
    return tf.withSubScope(name()).withControlDependencies(updates).withName("update").noOp();
  }

  private int groupOf(String variableName) {
    for (int k = 0; k < groups.size(); k++) {
      if (groups.get(k).selects().test(variableName)) return k;
    }
    throw new IllegalArgumentException(
        "parameter '" + variableName + "' is in no parameter group; add a group that selects it"
            + " (e.g. a last group selecting every name)");
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("groups(");
    if (before != null) s.append(before).append(" then ");
    for (int k = 0; k < groups.size(); k++) {
      Group g = groups.get(k);
      if (k > 0) s.append(", ");
      s.append(g.name()).append(": ").append(g.isFrozen() ? "frozen" : g.optimizer());
    }
    return s.append(')').toString();
  }
}
