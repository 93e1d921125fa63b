/**
 * Attacks. {@link io.github.llr4j.adversarial.attack.AttackGraph} adds to a graph what every
 * attack needs from the model: the per-example cross-entropy, its gradient with respect to the
 * input, and whether each example is classified correctly, with the model in an explicit
 * {@link io.github.llr4j.adversarial.attack.AttackMode} (inference by default: batch-norm moving
 * statistics, no dropout, no state updates). The iterations (FGSM, PGD-Linf/L2 with random start
 * and restarts, targeted or not, APGD-CE) run from Java, one graph evaluation per step, with
 * projection and clipping on the host: the graph holds no attack variables, and one graph serves
 * every attack, eps and step count.
 */
package io.github.llr4j.adversarial.attack;
