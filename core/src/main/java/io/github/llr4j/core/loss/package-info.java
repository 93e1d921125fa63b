/**
 * Training losses, below both {@code train} and {@code diag}: the {@link
 * io.github.llr4j.core.loss.TrainingLoss} interface and the project's one softmax cross-entropy
 * ({@link io.github.llr4j.core.loss.CrossEntropyLoss}, per example and mean), which every other
 * module calls instead of building its own.
 */
package io.github.llr4j.core.loss;
