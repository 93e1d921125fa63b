package io.github.llr4j.examples.cli;

import io.github.llr4j.core.check.Require;

/**
 * Checks of the flags {@code llr4j train} and {@code llr4j pretrain} share, so that the error names
 * the option rather than the library field it feeds (TrainerConfig's "maxSteps", Sam's "rho").
 */
final class TrainFlags {
  private TrainFlags() {}

  static void check(int epochs, long maxSteps, int logEvery, Double samRho, int samInterval, double dropout) {
    Require.atLeast("--epochs", epochs, 1);
    Require.that(maxSteps >= 0, "--max-steps", "be >= 0 (0 = no limit)", maxSteps);
    Require.that(logEvery >= 0, "--log-every", "be >= 0 (0 = quiet)", logEvery);
    if (samRho != null && !(samRho > 0 && Double.isFinite(samRho)))
      throw new IllegalArgumentException("--sam must be > 0 and finite (the SAM radius rho), got " + samRho);
    Require.atLeast("--sam-interval", samInterval, 1);
    Require.that(dropout >= 0 && dropout < 1, "--dropout", "be in [0, 1)", dropout);
  }
}
