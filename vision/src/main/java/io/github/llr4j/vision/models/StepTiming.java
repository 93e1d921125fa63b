package io.github.llr4j.vision.models;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.vision.data.ChannelStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Micro-benchmark of one training step (forward, backward, SGD momentum 0.9 with weight decay
 * 5e-4, batch-norm statistic updates) on synthetic data, built the way the trainer builds its
 * step: placeholders, one-hot cross-entropy, gradients of all trainable variables, one grouped
 * train op, the learning rate fed each step, the loss fetched each step. Prints the median,
 * minimum and maximum milliseconds per step after the warm-up steps. Not a test: timings depend
 * on the machine and its load, and on oneDNN: TensorFlow enables it by default only on some CPUs
 * (on the project's 2-core AMD EPYC machine it is off unless {@code TF_ENABLE_ONEDNN_OPTS=1} is
 * exported, which made this step 1.8x faster), so the line printed says how it was set.
 *
 * <p>Usage: {@code StepTiming [model [height width channels [batch [steps [warmup]]]]]}, default
 * {@code resnet20 28 28 1 128 20 3}.
 */
public final class StepTiming {
  private StepTiming() {}

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "resnet20";
    int h = args.length > 3 ? Integer.parseInt(args[1]) : 28;
    int w = args.length > 3 ? Integer.parseInt(args[2]) : 28;
    int c = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 128;
    int steps = args.length > 5 ? Integer.parseInt(args[5]) : 20;
    int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 3;
    double[] mean = new double[c];
    double[] std = new double[c];
    Arrays.fill(mean, 0.3);
    Arrays.fill(std, 0.35);
    ModelSpec spec =
        VisionModels.byName(name, 10, Shape.of(h, w, c), new ChannelStats(mean, std));
    double[] ms = run(spec, Shape.of(h, w, c), batch, steps, warmup);
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    String onednn = System.getenv("TF_ENABLE_ONEDNN_OPTS");
    System.out.printf("%s %dx%dx%d batch %d: median %.1f ms/step (min %.1f, max %.1f, %d steps"
            + " after %d warm-up), %.0f images/s, TF_ENABLE_ONEDNN_OPTS=%s%n", spec.name(), h, w,
        c, batch, median, sorted[0], sorted[sorted.length - 1], steps, warmup,
        batch * 1000.0 / median, onednn == null ? "(unset: TensorFlow's per-CPU default)" : onednn);
  }

  /** Milliseconds of each timed step. */
  static double[] run(ModelSpec spec, Shape example, int batch, int steps, int warmup) {
    if (batch < 1 || steps < 1 || warmup < 0) {
      throw new IllegalArgumentException("batch and steps must be >= 1 and warmup >= 0, got "
          + batch + ", " + steps + ", " + warmup);
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ScalarFeeds feeds = new ScalarFeeds(tf);
      Model model = spec.build(tf.withSubScope("model"), 1);
      Placeholder<TFloat32> x = tf.withName("examples")
          .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1).append(example)));
      Placeholder<TInt32> y =
          tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      ModelContext ctx = ModelContext.training(tf, 1);
      Operand<TFloat32> loss = new CrossEntropyLoss(spec.classes()).meanLoss(ctx, model, x, y);
      List<Variable<TFloat32>> params = model.trainableVariables();
      var grads = tf.withSubScope("gradients").gradients(loss, params);
      List<Operand<TFloat32>> gs = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        gs.add(grads.dy(i));
      }
      Op update = Sgd.momentum(Hyperparameter.constant(0.05), 0.9, 5e-4)
          .applyGradients(tf.withSubScope("optimizer"), params, gs, feeds);
      List<Op> all = new ArrayList<>(ctx.updates());
      all.add(update);
      Op train = tf.withControlDependencies(all).withName("train_step").noOp();
      Random r = new Random(1);
      float[] pixels = new float[(int) (batch * example.size())];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = r.nextFloat();
      }
      int[] labels = new int[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = r.nextInt(spec.classes());
      }
      double[] ms = new double[steps];
      try (Session s = new Session(g);
          TFloat32 xs = TFloat32.tensorOf(Shape.of(batch).append(example), DataBuffers.of(pixels));
          TInt32 ys = TInt32.vectorOf(labels)) {
        for (int step = 0; step < warmup + steps; step++) {
          long t0 = System.nanoTime();
          Session.Runner run = s.runner().feed(x, xs).feed(y, ys);
          try (ScalarFeeds.Fed fed = feeds.feed(run, TrainingClock.at(step, 1000, 1));
              Result res = run.fetch(loss).addTarget(train).run()) {
            float l = ((TFloat32) res.get(0)).getFloat();
            if (!Float.isFinite(l)) {
              throw new IllegalStateException("loss is " + l + " at step " + step);
            }
          }
          if (step >= warmup) {
            ms[step - warmup] = (System.nanoTime() - t0) / 1e6;
          }
        }
      }
      return ms;
    }
  }
}
