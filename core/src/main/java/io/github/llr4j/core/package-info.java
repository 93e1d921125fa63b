/**
 * llr4j core: loss landscape reshaping for TensorFlow-Java.
 *
 * <p>Sub-packages: {@code reshape} (the reshaping functions and the normalised objective),
 * {@code hparam} (values fed into the graph each step: constants and schedules), {@code optim}
 * (our optimizers and learning-rate schedules), {@code nn} (layers, initialisers and the
 * {@code Model} abstraction), {@code data} (batches), {@code train} (the trainer, checkpoints and
 * reports).
 */
package io.github.llr4j.core;
