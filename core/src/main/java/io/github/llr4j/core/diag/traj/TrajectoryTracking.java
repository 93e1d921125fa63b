package io.github.llr4j.core.diag.traj;

/**
 * When and how the trainer records trajectory samples into {@code trajectory.jsonl}: every
 * {@code everySteps} steps (step 0, N, 2N, ...), the top Hessian eigenpair at the weights before the
 * step (power iteration on finite-difference Hessian-vector products of the plain loss in inference
 * mode over the first {@code batches} training batches of epoch 0's order, taken once), the loss
 * and gradient there, and after the step the update's angle to the eigenvector. Costs about
 * {@code 2 batches (powerIterations + 1)} forward-backward passes per sample; the weights are put
 * back bit for bit before the step runs, so tracking does not change the run.
 *
 * @param everySteps steps between samples, >= 1
 * @param batches training batches of the measurements, >= 1
 * @param powerIterations power-iteration budget, >= 2
 * @param tolerance relative eigenvalue change that stops the power iteration, > 0
 * @param seed start vector of the power iteration
 */
public record TrajectoryTracking(int everySteps, int batches, int powerIterations, double tolerance, long seed) {

  public TrajectoryTracking {
    if (everySteps < 1) throw new IllegalArgumentException("everySteps must be >= 1, got " + everySteps);
    if (batches < 1) throw new IllegalArgumentException("batches must be >= 1, got " + batches);
    if (powerIterations < 2) throw new IllegalArgumentException("powerIterations must be >= 2, got " + powerIterations);
    if (!(tolerance > 0)) throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
  }

  /** Every N steps on 2 batches, 20 power iterations, tolerance 1e-3. */
  public static TrajectoryTracking every(int everySteps) {
    return new TrajectoryTracking(everySteps, 2, 20, 1e-3, 0);
  }

  /** Is a sample due before step {@code step} (counted from 0 over the whole run)? */
  public boolean due(long step) {
    return step % everySteps == 0;
  }
}
