/**
 * One class per {@code llr4j train --task}: each turns the command's flags into data, a model
 * spec and a {@link io.github.llr4j.core.train.TrainerConfig}, runs the core Trainer and writes a
 * {@link io.github.llr4j.core.run.RunCard} so {@code predict}/{@code attack} can rebuild the
 * model from the run folder.
 */
package io.github.llr4j.examples.tasks;
