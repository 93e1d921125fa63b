"""PyTorch CPU reference for `llr4j bench text --torch`: one fine-tuning step of a BERT-style
encoder classifier, the architecture of llr4j's TransformerSpec.bert: word + learned position +
type embeddings, LayerNorm, dropout; per layer post-norm self-attention (separate query, key,
value, output projections, additive key mask) and a GELU feed-forward block; [CLS] pooler (tanh),
dropout, classifier. Cross-entropy, AdamW (lr 2e-5, weight decay 0.01), dropout 0.1 in training
mode, on a fixed random batch of token ids (no padding).

Usage: python3 transformer_torch.py --layers 6 --hidden 384 --heads 12 --intermediate 1536 \
    --batch 32 --length 128 --steps 5
With --serve, after the warm-up it prints one JSON line (framework, threads, parameters) and then
runs one step per line read from stdin, answering "ok" after each, until stdin closes.
"""
import argparse
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import torch_serve


class Layer(nn.Module):
    def __init__(self, h, heads, f, dropout):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value, self.out = (nn.Linear(h, h) for _ in range(4))
        self.attention_norm = nn.LayerNorm(h, eps=1e-12)
        self.intermediate = nn.Linear(h, f)
        self.output = nn.Linear(f, h)
        self.ffn_norm = nn.LayerNorm(h, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, key_mask):
        b, s, h = x.shape
        d = h // self.heads

        def split(t):
            return t.view(b, s, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + key_mask, dim=-1)
        mixed = (self.drop(a) @ v).transpose(1, 2).reshape(b, s, h)
        x = self.attention_norm(x + self.drop(self.out(mixed)))
        return self.ffn_norm(x + self.drop(self.output(F.gelu(self.intermediate(x)))))


class Encoder(nn.Module):
    def __init__(self, vocab, length, h, layers, heads, f, classes, dropout=0.1):
        super().__init__()
        self.word = nn.Embedding(vocab, h)
        self.position = nn.Embedding(length, h)
        self.segment = nn.Embedding(2, h)
        self.norm = nn.LayerNorm(h, eps=1e-12)
        self.layers = nn.ModuleList(Layer(h, heads, f, dropout) for _ in range(layers))
        self.pooler = nn.Linear(h, h)
        self.classifier = nn.Linear(h, classes)
        self.drop = nn.Dropout(dropout)

    def forward(self, ids):
        positions = torch.arange(ids.shape[1])
        x = self.word(ids) + self.position(positions)[None] + self.segment(torch.zeros_like(ids))
        x = self.drop(self.norm(x))
        key_mask = ((ids != 0).float() - 1)[:, None, None, :] * 1e9
        for layer in self.layers:
            x = layer(x, key_mask)
        pooled = torch.tanh(self.pooler(x[:, 0]))
        return self.classifier(self.drop(pooled))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--vocab", type=int, default=30522)
    p.add_argument("--layers", type=int, default=6)
    p.add_argument("--hidden", type=int, default=384)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--intermediate", type=int, default=1536)
    p.add_argument("--classes", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--length", type=int, default=128)
    torch_serve.add_common_flags(p, steps=5, warmup=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = Encoder(a.vocab, a.length, a.hidden, a.layers, a.heads, a.intermediate, a.classes)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01)
    ids = torch.randint(5, a.vocab, (a.batch, a.length))
    y = torch.arange(a.batch) % a.classes

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(ids), y)
        loss.backward()
        opt.step()
        float(loss)

    torch_serve.run(a, step, sum(q.numel() for q in model.parameters()))


if __name__ == "__main__":
    main()
