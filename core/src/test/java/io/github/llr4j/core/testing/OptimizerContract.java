package io.github.llr4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.optim.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * The contract every {@link Optimizer} meets. A test class extends this class and lists its
 * optimizers in {@link #rows()}; JUnit then runs, for every row:
 *
 * <ol>
 *   <li><b>reference steps</b>: {@value #STEPS} float64 steps on {@link QuarticProblem} (10 steps
 *       per epoch, 6 epochs, the row's learning-rate schedule) side by side with the row's
 *       plain-Java {@link Reference}; every parameter after every step within 1e-6 relative
 *       ({@code |actual - expected| / max(|expected|, 1e-3)}); every wrong reference of the row
 *       must leave that tolerance by more than 1e-3 at some step, which proves the comparison can
 *       fail;
 *   <li><b>state save/restore</b>: 5 steps, {@code Session.save}, 5 more steps; then a new session
 *       restores the checkpoint: every variable of the graph (parameters and optimizer state)
 *       holds its saved value, and the same 5 steps give bit-identical parameters. The graph must
 *       hold no resource variables ({@code VarHandleOp}), which TF-Java 1.0.0's save would skip;
 *   <li><b>bad hyperparameters</b>: each {@link Rejection} of the row throws an
 *       {@link IllegalArgumentException} whose message starts with the stated text, and
 *       {@code applyGradients} refuses an empty parameter list.
 * </ol>
 *
 * A user's own optimizer proves itself the same way:
 *
 * <pre>{@code
 * class MyOptimizerContractTest extends OptimizerContract {
 *   protected List<Row> rows() {
 *     return List.of(Row.of("mine", Hyperparameter.constant(0.01), MyOptimizer::new, MyReference::new)
 *         .rejects("negative lr", () -> new MyOptimizer(Hyperparameter.constant(-1)),
 *             "learningRate must be >= 0, got -1.0"));
 *   }
 * }
 * }</pre>
 *
 * A {@link io.github.llr4j.core.optim.Sam} row runs SAM's two-pass step (see
 * {@link QuarticProblem}); its reference computes the second-pass gradient with
 * {@link QuarticProblem#gradient}.
 */
public abstract class OptimizerContract {

  /** Steps of the reference comparison. */
  public static final int STEPS = 60;

  /** Steps per epoch of the training clock the comparison runs on. */
  public static final int STEPS_PER_EPOCH = 10;

  /** Epochs of that clock. */
  public static final int EPOCHS = 6;

  /** Largest relative deviation a correct optimizer may show. */
  public static final double TOLERANCE = 1e-6;

  /** What every wrong reference must exceed at some step. */
  public static final double WRONG = 1e-3;

  /** The optimizers under contract. */
  protected abstract List<Row> rows();

  /**
   * A plain-Java float64 reference of one update rule, holding its own state (one fresh instance
   * per run).
   */
  @FunctionalInterface
  public interface Reference {
    /**
     * Updates {@code w} in place from the gradient {@code g} at {@code w}, at learning rate
     * {@code lr} (the schedule's value at {@code clock}).
     */
    void step(double[][] w, double[][] g, double lr, TrainingClock clock);
  }

  /**
   * A construction that must be refused.
   *
   * @param what a label for the report
   * @param construct builds the optimizer with a bad setting
   * @param messageStart what the exception's message starts with
   */
  public record Rejection(String what, Runnable construct, String messageStart) {}

  /**
   * One optimizer under contract.
   *
   * @param name a label for the report
   * @param learningRate the schedule the optimizer and the reference follow
   * @param optimizer builds the optimizer from {@code learningRate}
   * @param reference a fresh reference of the right rule
   * @param wrongReferences fresh references of wrong rules (may be empty)
   * @param rejections bad settings and their messages (may be empty)
   */
  public record Row(
      String name,
      Hyperparameter learningRate,
      Function<Hyperparameter, Optimizer> optimizer,
      Supplier<Reference> reference,
      List<Supplier<Reference>> wrongReferences,
      List<Rejection> rejections) {

    public Row {
      wrongReferences = List.copyOf(wrongReferences);
      rejections = List.copyOf(rejections);
    }

    /** A row without wrong references or rejections. */
    public static Row of(
        String name,
        Hyperparameter learningRate,
        Function<Hyperparameter, Optimizer> optimizer,
        Supplier<Reference> reference) {
      return new Row(name, learningRate, optimizer, reference, List.of(), List.of());
    }

    /** This row with wrong references added, each of which the run must leave by far. */
    @SafeVarargs
    public final Row wrong(Supplier<Reference>... references) {
      List<Supplier<Reference>> all = new ArrayList<>(wrongReferences);
      all.addAll(List.of(references));
      return new Row(name, learningRate, optimizer, reference, all, rejections);
    }

    /** This row with one more bad setting that must be refused with {@code messageStart}. */
    public Row rejects(String what, Runnable construct, String messageStart) {
      List<Rejection> all = new ArrayList<>(rejections);
      all.add(new Rejection(what, construct, messageStart));
      return new Row(name, learningRate, optimizer, reference, wrongReferences, all);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @TestFactory
  public Stream<DynamicTest> followsItsReference() {
    return rows().stream()
        .map(row -> DynamicTest.dynamicTest(row.name(), () -> checkReference(row)));
  }

  @TestFactory
  public Stream<DynamicTest> stateSurvivesACheckpoint() {
    return rows().stream()
        .map(row -> DynamicTest.dynamicTest(row.name(), () -> checkCheckpoint(row)));
  }

  @TestFactory
  public Stream<DynamicTest> refusesBadSettings() {
    return rows().stream()
        .map(row -> DynamicTest.dynamicTest(row.name(), () -> checkRejections(row)));
  }

  /**
   * Runs {@code row}'s optimizer and its references side by side and returns, per reference (the
   * right one first, then the wrong ones), the largest relative deviation over every step and
   * coordinate. Public for tests that need the numbers (float32 runs, say).
   */
  public static List<Double> deviations(Row row, Class<? extends TNumber> type) {
    List<Reference> refs = new ArrayList<>();
    refs.add(row.reference().get());
    row.wrongReferences().forEach(w -> refs.add(w.get()));
    List<double[][]> ws = new ArrayList<>();
    for (int j = 0; j < refs.size(); j++) ws.add(QuarticProblem.copy(QuarticProblem.INIT));
    double[] worst = new double[refs.size()];
    try (QuarticProblem p = new QuarticProblem(type, row.optimizer().apply(row.learningRate()))) {
      for (int s = 0; s < STEPS; s++) {
        TrainingClock clock = TrainingClock.at(s, STEPS_PER_EPOCH, EPOCHS);
        p.step(clock);
        double[][] actual = p.read();
        for (int j = 0; j < refs.size(); j++) {
          double[][] w = ws.get(j);
          refs.get(j).step(w, QuarticProblem.gradient(w), row.learningRate().valueAt(clock), clock);
          worst[j] = Math.max(worst[j], relativeDeviation(actual, w));
        }
      }
    }
    List<Double> out = new ArrayList<>();
    for (double d : worst) out.add(d);
    return out;
  }

  private static void checkReference(Row row) {
    List<Double> worst = deviations(row, TFloat64.class);
    assertThat(worst.get(0))
        .as("%s: largest relative deviation from the reference", row.name())
        .isLessThan(TOLERANCE);
    for (int j = 1; j < worst.size(); j++) {
      assertThat(worst.get(j))
          .as("%s: largest deviation from wrong reference %d", row.name(), j)
          .isGreaterThan(WRONG);
    }
  }

  private static void checkCheckpoint(Row row) throws Exception {
    Path dir = Files.createTempDirectory("llr4j-optimizer-contract");
    try (QuarticProblem p =
        new QuarticProblem(TFloat64.class, row.optimizer().apply(row.learningRate()))) {
      List<String> variables = new ArrayList<>();
      p.graph().operations().forEachRemaining(op -> {
        assertThat(op.type())
            .as("%s: resource variable '%s' would be left out of checkpoints", row.name(), op.name())
            .isNotEqualTo("VarHandleOp");
        if (op.type().equals("VariableV2")) variables.add(op.name());
      });
      for (int s = 0; s < 5; s++) p.step(clock(s));
      Map<String, double[]> saved = readAll(p, variables);
      String prefix = dir.resolve("ckpt").toString();
      p.session().save(prefix);
      for (int s = 5; s < 10; s++) p.step(clock(s));
      double[][] continued = p.read();

      p.newSession();
      p.session().restore(prefix);
      Map<String, double[]> restored = readAll(p, variables);
      for (String v : variables) {
        assertThat(restored.get(v)).as("%s: variable '%s' after restore", row.name(), v)
            .containsExactly(saved.get(v));
      }
      for (int s = 5; s < 10; s++) p.step(clock(s));
      double[][] resumed = p.read();
      for (int i = 0; i < continued.length; i++) {
        assertThat(resumed[i]).as("%s: parameter %d after resuming", row.name(), i)
            .containsExactly(continued[i]);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
      }
    }
  }

  private static void checkRejections(Row row) {
    for (Rejection r : row.rejections()) {
      assertThatThrownBy(() -> r.construct().run())
          .as("%s: %s", row.name(), r.what())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(r.messageStart());
    }
    Optimizer optimizer = row.optimizer().apply(row.learningRate());
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      assertThatThrownBy(
              () -> optimizer.applyGradients(
                  tf, List.<Variable<TFloat64>>of(), List.of(),
                  new ScalarFeeds(tf)))
          .as("%s: applyGradients with no parameters", row.name())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("params");
    }
  }

  private static Map<String, double[]> readAll(QuarticProblem p, List<String> variables) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String v : variables) out.put(v, p.readVariable(v));
    return out;
  }

  private static TrainingClock clock(int step) {
    return TrainingClock.at(step, STEPS_PER_EPOCH, EPOCHS);
  }

  private static double relativeDeviation(double[][] actual, double[][] expected) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      for (int k = 0; k < expected[i].length; k++) {
        double e = expected[i][k];
        double d = Math.abs(actual[i][k] - e) / Math.max(Math.abs(e), 1e-3);
        worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
      }
    }
    return worst;
  }
}
