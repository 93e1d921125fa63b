/**
 * What is left of the command line's task code: {@link io.github.llr4j.examples.tasks.Landscape},
 * the flatness analysis of a saved run that {@code llr4j landscape} and {@code llr4j compare} share.
 * Training runs live in the library: the run skeleton in {@code io.github.llr4j.core.task}, image
 * classification in {@code io.github.llr4j.vision.task}, text classification and masked-LM
 * pretraining in {@code io.github.llr4j.nlp.task}, pretrained encoders in {@code
 * io.github.llr4j.nlp.pretrained}.
 */
package io.github.llr4j.examples.tasks;
