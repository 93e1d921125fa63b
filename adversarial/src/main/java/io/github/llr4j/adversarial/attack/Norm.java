package io.github.llr4j.adversarial.attack;

/** The threat model: the ball ||x' - x|| <= eps in the max norm or the Euclidean norm. */
public enum Norm {
  LINF,
  L2
}
