package io.github.llr4j.core.hparam;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * The registry of scalar hyperparameters a graph reads: each one is a float64 placeholder named
 * {@code hparam/<name>}, fed with its {@link Hyperparameter}'s value before every run.
 *
 * <p>Why placeholders and not variables: a fed value costs one tiny tensor per step, needs no
 * assign op, and cannot silently go stale; a forgotten feed is an error from TensorFlow instead of
 * an old value.
 */
public final class ScalarFeeds {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  private final Ops tf;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  // the tensor last fed per name: a step whose value did not change reuses it (no native allocation)
  private final Map<String, TFloat64> cached = new LinkedHashMap<>();
  private final Map<String, Double> cachedValues = new LinkedHashMap<>();

  // a view made by prefixed(): registers in root under prefix + name; null/"" for the registry itself
  private final ScalarFeeds root;
  private final String prefix;

  private record Entry(Placeholder<TFloat64> placeholder, Hyperparameter value) {}

  public ScalarFeeds(Ops tf) {
    this.tf = tf;
    this.root = null;
    this.prefix = "";
  }

  private ScalarFeeds(ScalarFeeds root, String prefix) {
    this.tf = root.tf;
    this.root = root;
    this.prefix = prefix;
  }

  /**
   * A view of this registry that registers every name as {@code prefix + name}, so that two
   * optimizers reading the same name (each its own {@code lr}) can share one graph: used by
   * parameter groups. Feeding, {@link #names} and {@link #valuesAt} act on the whole registry.
   *
   * @param prefix starts with a letter or digit, of letters, digits, '_', '.', '-'
   */
  public ScalarFeeds prefixed(String prefix) {
    Require.that(prefix != null && NAME.matcher(prefix).matches(), "hyperparameter prefix",
        "match " + NAME.pattern(), "'" + prefix + "'");
    ScalarFeeds r = registry();
    return new ScalarFeeds(r, this.prefix + prefix);
  }

  private ScalarFeeds registry() {
    return root == null ? this : root;
  }

  /**
   * The float64 placeholder for {@code name}. Asking twice for the same name with the same
   * hyperparameter returns the same placeholder; a different hyperparameter under a taken name is
   * an error.
   */
  public Operand<TFloat64> scalar(String name, Hyperparameter value) {
    if (root != null) {
      Require.that(name != null && NAME.matcher(name).matches(), "hyperparameter name",
          "match " + NAME.pattern(), "'" + name + "'");
      return root.scalar(prefix + name, value);
    }
    Require.that(name != null && NAME.matcher(name).matches(), "hyperparameter name",
        "match " + NAME.pattern(), "'" + name + "'");
    Require.notNull("hyperparameter '" + name + "'", value);
    Entry existing = entries.get(name);
    if (existing != null) {
      if (!existing.value().equals(value)) {
        throw new IllegalArgumentException(
            "hyperparameter name '" + name + "' is already fed by another value; pick another name");
      }
      return existing.placeholder();
    }
    Placeholder<TFloat64> p =
        tf.withSubScope("hparam").withName(name)
            .placeholder(TFloat64.class, Placeholder.shape(Shape.scalar()));
    entries.put(name, new Entry(p, value));
    return p;
  }

  /** {@link #scalar(String, Hyperparameter)} cast to {@code type} (float32 graphs). */
  public <T extends TNumber> Operand<T> scalar(String name, Hyperparameter value, Class<T> type) {
    Operand<TFloat64> p = scalar(name, value);
    if (type == TFloat64.class) {
      @SuppressWarnings("unchecked")
      Operand<T> same = (Operand<T>) p;
      return same;
    }
    return tf.dtypes.cast(p, type);
  }

  /** Names registered so far, in registration order. */
  public List<String> names() {
    if (root != null) return root.names();
    return List.copyOf(entries.keySet());
  }

  /** The values every registered hyperparameter takes at {@code clock}, by name. */
  public Map<String, Double> valuesAt(TrainingClock clock) {
    if (root != null) return root.valuesAt(clock);
    Map<String, Double> out = new LinkedHashMap<>();
    entries.forEach((name, e) -> out.put(name, checkedValue(name, e.value(), clock)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Feeds every registered hyperparameter into {@code runner} at {@code clock}. The scalar tensors
   * are cached per name and reused while the value stays the same (most hyperparameters are
   * constant for a whole run), so a step allocates nothing for them; {@link #close} frees them.
   * The result stays AutoCloseable for callers written against the earlier contract.
   */
  public Fed feed(Session.Runner runner, TrainingClock clock) {
    if (root != null) return root.feed(runner, clock);
    Map<String, Double> values = valuesAt(clock);
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      String name = e.getKey();
      double v = values.get(name);
      TFloat64 t = cached.get(name);
      Double last = cachedValues.get(name);
      if (t == null || last == null || Double.doubleToLongBits(last) != Double.doubleToLongBits(v)) {
        if (t != null) t.close();
        t = TFloat64.scalarOf(v);
        cached.put(name, t);
        cachedValues.put(name, v);
      }
      runner.feed(e.getValue().placeholder(), t);
    }
    return new Fed(values, List.of());
  }

  /** Frees the cached scalar tensors; the feeds must not be used afterwards. */
  public void close() {
    if (root != null) {
      root.close();
      return;
    }
    cached.values().forEach(TFloat64::close);
    cached.clear();
    cachedValues.clear();
  }

  private static double checkedValue(String name, Hyperparameter h, TrainingClock clock) {
    double v = h.valueAt(clock);
    if (!Double.isFinite(v)) {
      throw new IllegalStateException(
          "hyperparameter '" + name + "' is " + v + " at step " + clock.step() + " (epoch "
              + clock.epoch() + "); its schedule must give finite values");
    }
    return v;
  }

  /** The values fed for one run; closing it frees their tensors. */
  public static final class Fed implements AutoCloseable {
    private final Map<String, Double> values;
    private final List<TFloat64> tensors;

    private Fed(Map<String, Double> values, List<TFloat64> tensors) {
      this.values = values;
      this.tensors = tensors;
    }

    /** The fed values by name, for logs and error messages. */
    public Map<String, Double> values() {
      return values;
    }

    @Override
    public void close() {
      tensors.forEach(TFloat64::close);
    }
  }
}
