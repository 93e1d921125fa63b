/**
 * Adversarial training through the core Trainer. {@link
 * io.github.llr4j.adversarial.train.PgdTraining} is a {@link
 * io.github.llr4j.core.train.TrainingInputHook} that replaces every training batch by its PGD
 * adversarial examples crafted on the current weights in inference mode (Madry et al. 2018), so
 * the trainer's step minimises the plain or reshaped loss on them. {@link
 * io.github.llr4j.adversarial.train.TradesTraining} crafts x' by maximising KL(f(x) || f(x')) and
 * feeds [x; x'], which {@link io.github.llr4j.adversarial.train.TradesLoss} turns into the TRADES
 * objective (Zhang et al. 2019). {@link io.github.llr4j.adversarial.train.AdversarialRecipe} adds
 * either, with its threat model and robust selection, to a run's configuration. Robust early
 * stopping lives in {@code adversarial.eval}.
 */
package io.github.llr4j.adversarial.train;
