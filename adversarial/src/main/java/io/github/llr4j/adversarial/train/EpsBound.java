package io.github.llr4j.adversarial.train;

import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Norm;
import io.github.llr4j.core.hparam.Hyperparameter;

/**
 * The Linf radius of adversarial training must lie in the box's range (at most hi - lo; see
 * {@link Box#maxRadius}): checked when the hook is made for the schedules whose largest value is
 * known (a constant, a linear ramp's target), and at every step for any other schedule.
 */
final class EpsBound {
  private EpsBound() {}

  static void checkLargest(Hyperparameter eps, Box box) {
    eps.largestValue().ifPresent(largest -> box.checkRadius(Norm.LINF, largest, 1));
  }

  static double check(double eps, Box box) {
    box.checkRadius(Norm.LINF, eps, 1);
    return eps;
  }
}
