package io.github.llr4j.core.train;

/**
 * Flatness measures the {@link Trainer} records into {@code metrics.jsonl} every
 * {@code everyEpochs} epochs (and after the last epoch): {@code lambda_max} (top Hessian
 * eigenvalue, power iteration on finite-difference Hessian-vector products),
 * {@code hessian_trace} (Hutchinson, Rademacher) and {@code sharpness_1d} (largest loss increase
 * along one filter-normalised random direction within {@code +-surfaceRadius}), all of the plain
 * loss in inference mode over the first {@code batches} training batches of epoch 0's order (as
 * the training set yields them, augmented if it augments; taken once and reused by every
 * measurement of the run), plus {@code flatness_seconds}. The weights are restored bit for bit afterwards, so tracking does not
 * change the run. Costs about {@code 2 * batches * (powerIterations + hutchinsonSamples)}
 * forward-backward passes per measurement.
 *
 * @param everyEpochs measure after every N-th epoch, >= 1
 * @param batches training batches the measures average over, >= 1
 * @param powerIterations budget of the power iteration, >= 2
 * @param tolerance relative change at which the power iteration stops, > 0
 * @param hutchinsonSamples Rademacher samples of the trace, >= 1
 * @param surfaceRadius half-width of the 1-D surface, > 0
 * @param surfacePoints points of the 1-D surface, >= 3
 * @param seed seed of the random vectors and the direction
 */
public record FlatnessTracking(int everyEpochs, int batches, int powerIterations, double tolerance,
    int hutchinsonSamples, double surfaceRadius, int surfacePoints, long seed) {

  public FlatnessTracking {
    if (everyEpochs < 1) throw new IllegalArgumentException("everyEpochs must be >= 1, got " + everyEpochs);
    if (batches < 1) throw new IllegalArgumentException("batches must be >= 1, got " + batches);
    if (powerIterations < 2) throw new IllegalArgumentException("powerIterations must be >= 2, got " + powerIterations);
    if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
    if (hutchinsonSamples < 1) throw new IllegalArgumentException("hutchinsonSamples must be >= 1, got " + hutchinsonSamples);
    if (!(surfaceRadius > 0)) throw new IllegalArgumentException("surfaceRadius must be > 0, got " + surfaceRadius);
    if (surfacePoints < 3) throw new IllegalArgumentException("surfacePoints must be >= 3, got " + surfacePoints);
  }

  /** Every {@code everyEpochs} epochs on 4 batches: 20 power iterations (tolerance 1e-3), 10 trace samples, 11 points within +-0.25. */
  public static FlatnessTracking every(int everyEpochs) {
    return new FlatnessTracking(everyEpochs, 4, 20, 1e-3, 10, 0.25, 11, 0);
  }
}
