package io.github.llr4j.examples.bench;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.core.train.TrainerView;
import io.github.llr4j.core.train.tensorboard.TensorBoard;
import io.github.llr4j.vision.data.ChannelStats;
import io.github.llr4j.vision.data.ImageBatches;
import io.github.llr4j.vision.data.ImageDataset;
import io.github.llr4j.vision.models.VisionModels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * What TensorBoard event files cost a training run: a ResNet-20 trainer (sech objective, momentum
 * SGD, random 28x28x1 images, a 512-image test set) with the {@link TensorBoard} listener. First
 * one fit of {@code stepsPerEpoch} steps, timing the listener's hooks inside it (its start: a new
 * event file and the graph; its per-step work; its epoch end: histograms, gradient pass, image
 * grid, flush). Then training steps of the same trainer with and without the listener's per-step
 * hook, interleaved over rounds, for the step ratio. And, timed apart, the listener's per-step
 * cost amortised over {@code listenerSteps} steps (array stores plus one batched write per ~100
 * steps).
 */
public final class TensorBoardBench {
  /** The measurements; the ratio is with/without and its bootstrap standard error over rounds. */
  public record Result(double offStepMs, double onStepMs, double stepRatio, double stepRatioSe, double startSeconds,
      double epochEndSeconds, double inLoopMicrosPerStep, double listenerMicrosPerStep, double fitStepMs) {}

  private TensorBoardBench() {}

  public static Result run(int batchSize, int stepsPerEpoch, int rounds, int stepsPerTurn, int listenerSteps,
      long seed, Path events, PrintWriter log) {
    ImageDataset data = VisionBench.randomImages(stepsPerEpoch * batchSize, 28, 28, 1, seed);
    ImageDataset test = VisionBench.randomImages(512, 28, 28, 1, seed + 1);
    ModelSpec spec = VisionModels.byName("resnet20", 10, Shape.of(28, 28, 1), ChannelStats.of(data));
    Batches train = ImageBatches.builder(data, null).batchSize(batchSize).seed(seed).build();
    Map<String, Batches> eval = Map.of("test", ImageBatches.evaluation(test, 256));
    TimedListener timed = new TimedListener(TensorBoard.into(events));
    TrainerConfig config = TrainerConfig.builder(spec, Sgd.momentum(Schedule.constant(0.01), 0.9, 5e-4))
        .objective(ReshapedObjective.builder(Reshapers.sech(2.5, 0.15)).initialLoss(InitialLoss.fixed(Math.log(10))).build())
        .seed(seed).epochs(1).logInterval(0).listener(timed).build();
    try (Trainer t = new Trainer(config, train, eval)) {
      log.printf("resnet20 28x28x1, batch %d, sech: one %d-step epoch with the listener, then %d rounds x %d steps"
          + " with and without its per-step hook, interleaved; event files in %s%n", batchSize, stepsPerEpoch, rounds,
          stepsPerTurn, events);
      log.flush();
      double fitStepMs = t.fit().msPerStepMedian();
      double start = timed.startNanos / 1e9, epochEnd = (timed.epochNanos + timed.stopNanos) / 1e9;
      double inLoop = timed.stepNanos / 1e3 / timed.steps;
      Steps off = new Steps(t, train, null);
      Steps on = new Steps(t, train, timed);
      Map<String, InterleavedTiming.Times> times = InterleavedTiming.run(List.of(
          new InterleavedTiming.Variant("off", off::step), new InterleavedTiming.Variant("on", on::step)),
          stepsPerTurn, rounds, stepsPerTurn);
      InterleavedTiming.Times a = times.get("off"), b = times.get("on");
      double listenerMicros = listenerCost(t, train, eval, listenerSteps, events.resolve("listener-only"));
      return new Result(a.median(), b.median(), b.pairedRatio(a), b.pairedRatioStandardError(a, 1000, seed), start,
          epochEnd, inLoop, listenerMicros, fitStepMs);
    }
  }

  /** Training steps on the trainer's batches, each followed by the listener's per-step hook when there is one. */
  private static final class Steps {
    private final Trainer trainer;
    private final Batches batches;
    private final TimedListener listener;
    private Iterator<Batch> it;
    private int epoch;
    private long step = 1_000_000;

    Steps(Trainer trainer, Batches batches, TimedListener listener) {
      this.trainer = trainer;
      this.batches = batches;
      this.listener = listener;
      this.it = batches.epoch(0);
    }

    void step() {
      if (!it.hasNext()) it = batches.epoch(++epoch);
      TrainingClock clock = TrainingClock.at(step++, 1_000_000_000L, 1);
      Trainer.StepOutcome o;
      try (Batch b = it.next()) {
        o = trainer.step(b, clock);
      }
      if (listener != null) listener.stepDone(clock, o);
    }
  }

  /** Microseconds per {@code stepDone} of the listener, amortised over its batched writes. */
  private static double listenerCost(Trainer t, Batches train, Map<String, Batches> eval, int n, Path dir) {
    Trainer.StepOutcome o;
    Iterator<Batch> it = train.epoch(0);
    try (Batch b = it.next()) {
      o = t.step(b, TrainingClock.at(0, 1_000_000, 1));
    }
    try (TensorBoard tb = TensorBoard.into(dir)) {
      tb.started(new GraphOnly(t.graph(), t.session(), t.model(), train, eval), 0, false);
      for (int i = 0; i < 1000; i++) tb.stepDone(TrainingClock.at(i, 1_000_000, 1), o);
      long t0 = System.nanoTime();
      for (int i = 1000; i < 1000 + n; i++) tb.stepDone(TrainingClock.at(i, 1_000_000, 1), o);
      tb.stopped(1000 + n);
      return (System.nanoTime() - t0) / 1e3 / n;
    }
  }

  /** The parts {@link TensorBoard#started} and {@code stepDone} read; the epoch probes are not timed here. */
  private record GraphOnly(Graph graph, Session session, Model model, Batches train, Map<String, Batches> evaluation)
      implements TrainerView {
    @Override
    public List<TFloat32> gradients(Batch batch, TrainingClock clock) {
      throw new UnsupportedOperationException("the listener benchmark times steps only");
    }

    @Override
    public int[] predictions(Batch batch) {
      throw new UnsupportedOperationException("the listener benchmark times steps only");
    }
  }
}
