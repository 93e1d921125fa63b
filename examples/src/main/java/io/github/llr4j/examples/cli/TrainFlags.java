package io.github.llr4j.examples.cli;

/**
 * Checks of the flags {@code llr4j train} and {@code llr4j pretrain} share, so that the error names
 * the option rather than the library field it feeds (TrainerConfig's "maxSteps", Sam's "rho").
 */
final class TrainFlags {
  private TrainFlags() {}

  static void check(int epochs, long maxSteps, int logEvery, Double samRho, int samInterval, double dropout) {
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    if (maxSteps < 0) throw new IllegalArgumentException("--max-steps must be >= 0 (0 = no limit), got " + maxSteps);
    if (logEvery < 0) throw new IllegalArgumentException("--log-every must be >= 0 (0 = quiet), got " + logEvery);
    if (samRho != null && !(samRho > 0 && Double.isFinite(samRho)))
      throw new IllegalArgumentException("--sam must be > 0 and finite (the SAM radius rho), got " + samRho);
    if (samInterval < 1) throw new IllegalArgumentException("--sam-interval must be >= 1, got " + samInterval);
    if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
  }
}
