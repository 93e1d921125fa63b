/**
 * TensorBoard event files of training runs, written with TensorFlow's own summary ops: {@link
 * io.github.llr4j.core.train.tensorboard.EventWriter} (the file, in a graph and session of its own)
 * and {@link io.github.llr4j.core.train.tensorboard.TensorBoard} (a {@link
 * io.github.llr4j.core.train.TrainingListener} that feeds it what the trainer measures).
 */
package io.github.llr4j.core.train.tensorboard;
