/**
 * The run skeleton every training task shares ({@link io.github.llr4j.core.task.TrainingRun}):
 * lock and check the run folder, let the task prepare its data and model once, build the optimizer
 * once the batches per epoch are known ({@link io.github.llr4j.core.task.OptimizerFactory}), build
 * the {@link io.github.llr4j.core.train.Trainer}, write the run card and fit. The tasks themselves
 * live with their data: {@code io.github.llr4j.vision.task} (image classification) and
 * {@code io.github.llr4j.nlp.task} (text classification, masked-LM pretraining).
 */
package io.github.llr4j.core.task;
