/**
 * Adversarial training through the core Trainer: {@link
 * io.github.llr4j.adversarial.train.PgdTraining} is a {@link
 * io.github.llr4j.core.train.TrainingInputHook} that replaces every training batch by its PGD
 * adversarial examples crafted on the current weights in inference mode (Madry et al. 2018), so
 * the trainer's step minimises the plain or reshaped loss on them. TRADES is not implemented.
 */
package io.github.llr4j.adversarial.train;
