/**
 * The trainer: builds the training step once (model, loss, reshaping, gradients, optimizer), runs
 * epochs over batches, evaluates, checkpoints, resumes and writes reports.
 */
package io.github.llr4j.core.train;
