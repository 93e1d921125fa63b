package io.github.llr4j.adversarial.attack;

/**
 * The model's mode while an attack crafts its inputs. INFERENCE (the default and the standard
 * for evaluation and PGD-AT): batch norm uses its moving statistics and no state is updated.
 * TRAINING_BATCH_STATS: batch statistics of the attacked batch, dropout on, still no state
 * updates (some PGD-AT variants craft in training mode).
 */
public enum AttackMode {
  INFERENCE,
  TRAINING_BATCH_STATS
}
