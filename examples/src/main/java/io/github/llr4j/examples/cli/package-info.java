/**
 * One small class per {@code llr4j} subcommand, plus the shared pieces they use: the error policy
 * ({@link io.github.llr4j.examples.cli.CliErrors}: bad input is one line on stderr and exit code 2),
 * argument parsing and the float64 graph evaluation of a reshaped objective.
 */
package io.github.llr4j.examples.cli;
