package io.github.llr4j.examples.bench;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.train.Trainer;
import java.util.Iterator;

/**
 * One trainer's steps as a bench variant: each call takes the next batch (a new epoch when one
 * runs out) and runs the library's whole training step on it, accounting the time spent waiting
 * for the batch (the input pipeline's share).
 */
final class TrainerFeed {
  final Trainer trainer;
  private final Batches batches;
  private Iterator<Batch> it;
  private int epoch;
  private long step;
  long waitNanos;
  long totalNanos;

  TrainerFeed(Trainer trainer, Batches batches) {
    this.trainer = trainer;
    this.batches = batches;
    this.it = batches.epoch(0);
  }

  void step() {
    long t0 = System.nanoTime();
    if (!it.hasNext()) it = batches.epoch(++epoch);
    try (Batch b = it.next()) {
      long t1 = System.nanoTime();
      waitNanos += t1 - t0;
      trainer.step(b, TrainingClock.at(step++, 1_000_000, 1));
    }
    totalNanos += System.nanoTime() - t0;
  }

  /** Forgets the waits and totals so far (after the warm-up). */
  void resetAccounting() {
    waitNanos = 0;
    totalNanos = 0;
  }
}
