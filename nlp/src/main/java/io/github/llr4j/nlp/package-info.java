/**
 * llr4j natural-language module: text tokenisation ({@link io.github.llr4j.nlp.tokenize}, a pure-Java
 * BERT-compatible basic + WordPiece tokenizer, vocabulary files and a WordPiece vocabulary trainer)
 * and text classification data ({@link io.github.llr4j.nlp.data}: the SpamAssassin public mail
 * corpus with an RFC 822 / MIME decoder, CSV/TSV/JSON Lines tables, seeded stratified splits).
 * {@link io.github.llr4j.nlp.model} holds the transformer encoder (a core {@code ModelSpec}), its
 * masked-language-model objective and weight import; {@link io.github.llr4j.nlp.hf} reads Hugging
 * Face BERT checkpoints ({@code model.safetensors}, {@code config.json}).
 */
package io.github.llr4j.nlp;
