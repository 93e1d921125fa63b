/**
 * Text runs, the text side of {@code llr4j train} and {@code llr4j pretrain}: {@link
 * io.github.llr4j.nlp.task.TextSettings} (data and encoder, built by a builder), {@link
 * io.github.llr4j.nlp.task.TextClassification} (fine-tuning or training from scratch with
 * classification metrics), {@link io.github.llr4j.nlp.task.MaskedLmPretraining} (masked-LM
 * pretraining) and {@link io.github.llr4j.nlp.task.TextRunCard} (the run card {@code llr4j
 * classify} and {@code --init RUN} read back). Each runs through the core {@link
 * io.github.llr4j.core.task.TrainingRun} skeleton.
 */
package io.github.llr4j.nlp.task;
