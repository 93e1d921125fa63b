/**
 * Image-classification runs, the vision side of {@code llr4j train}: {@link
 * io.github.llr4j.vision.task.ImageSettings} (what to train on, built by a builder),
 * {@link io.github.llr4j.vision.task.ImageClassification} (load, split, model, batches, then the
 * core {@link io.github.llr4j.core.task.TrainingRun} skeleton) and {@link
 * io.github.llr4j.vision.task.ImageRunCard} (the run card that lets {@code predict}, {@code attack}
 * and {@code landscape} rebuild the model and reload the data).
 */
package io.github.llr4j.vision.task;
