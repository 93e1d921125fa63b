package io.github.llr4j.core.train;

import java.util.Map;

/**
 * The part of a {@link RunRecord.ResumePoint} every data-parallel worker needs to continue where
 * rank 0 does, as a float64 vector for the start-of-run broadcast: whether rank 0 resumed, the
 * epoch and step to start at, the partial epoch's batch count and sums (a run stopped inside an
 * epoch; also what first-epoch L0 is computed from) and L0. The best values and the last epoch's
 * record stay with rank 0, the only worker that writes them. Doubles carry every field exactly
 * (counts below 2^53).
 */
final class ResumeVector {
  static final int LENGTH = 12;

  private ResumeVector() {}

  static double[] encode(RunRecord.ResumePoint p) {
    double[] v = new double[LENGTH];
    v[0] = p.checkpoint() != null ? 1 : 0;
    v[1] = p.epoch();
    v[2] = p.step();
    EpochTotals t = p.partial();
    if (t != null) {
      v[3] = 1;
      v[4] = t.steps;
      v[5] = t.sumLoss;
      v[6] = t.sumReshaped;
      v[7] = t.sumFactor;
      v[8] = t.passes;
    }
    if (p.initialLoss() != null) {
      v[9] = 1;
      v[10] = p.initialLoss();
    }
    v[11] = p.finished() ? 1 : 0;
    return v;
  }

  /** The resume point of a worker other than rank 0 (no checkpoint folder of its own). */
  static RunRecord.ResumePoint decode(double[] v) {
    if (v.length != LENGTH) throw new IllegalArgumentException("resume vector must have " + LENGTH + " values, got " + v.length);
    EpochTotals partial = null;
    if (v[3] == 1) {
      partial = new EpochTotals();
      partial.steps = (long) v[4];
      partial.sumLoss = v[5];
      partial.sumReshaped = v[6];
      partial.sumFactor = v[7];
      partial.passes = (long) v[8];
    }
    return new RunRecord.ResumePoint(null, (int) v[1], (long) v[2], partial, v[9] == 1 ? v[10] : null, Map.of(),
        v[11] == 1, null);
  }

  /** True when rank 0 started from a checkpoint. */
  static boolean resumed(double[] v) {
    return v[0] == 1;
  }
}
