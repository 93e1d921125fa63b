/** Run reports: metrics.jsonl, summary.json, manifest.json and the progress line. */
package io.github.llr4j.core.train.report;
