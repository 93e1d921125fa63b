package io.github.llr4j.examples.bench;

import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainingListener;
import io.github.llr4j.core.train.TrainerView;
import java.util.Map;

/** Wraps a listener and adds up the wall time spent in each of its hooks, for benchmarks. */
final class TimedListener implements TrainingListener {
  private final TrainingListener inner;
  long startNanos, stepNanos, epochNanos, stopNanos;
  long starts, steps, epochs;

  TimedListener(TrainingListener inner) {
    this.inner = inner;
  }

  @Override
  public void started(TrainerView run, long step, boolean resumed) {
    long t0 = System.nanoTime();
    inner.started(run, step, resumed);
    startNanos += System.nanoTime() - t0;
    starts++;
  }

  @Override
  public void stepDone(TrainingClock clock, Trainer.StepOutcome outcome) {
    long t0 = System.nanoTime();
    inner.stepDone(clock, outcome);
    stepNanos += System.nanoTime() - t0;
    steps++;
  }

  @Override
  public void epochDone(TrainerView run, int epoch, long step, Map<String, Object> record) {
    long t0 = System.nanoTime();
    inner.epochDone(run, epoch, step, record);
    epochNanos += System.nanoTime() - t0;
    epochs++;
  }

  @Override
  public void stopped(long step) {
    long t0 = System.nanoTime();
    inner.stopped(step);
    stopNanos += System.nanoTime() - t0;
  }

  @Override
  public void close() {
    inner.close();
  }

  void reset() {
    startNanos = stepNanos = epochNanos = stopNanos = 0;
    starts = steps = epochs = 0;
  }
}
