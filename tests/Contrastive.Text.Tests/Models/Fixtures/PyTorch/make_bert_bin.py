#!/usr/bin/python3
"""Builds the pytorch_model.bin fixtures of HuggingFaceBertFolderPyTorchTests with plain torch (no transformers).

Run with Debian's torch (apt-get install -y python3-torch, torch 1.13 for /usr/bin/python3):
    /usr/bin/python3 tests/Contrastive.Text.Tests/Models/Fixtures/PyTorch/make_bert_bin.py

Writes, beside this script:
  config.json               a Hugging Face BertConfig (hidden 8, 2 layers, 2 heads, FFN 16, vocab 30, 16 positions)
  bert_prefixed.bin         BertForPreTraining-style state dict: "bert." prefix, embeddings.position_ids, cls.* heads
                            (torch.save's default zip format)
  bert_gamma_beta.bin       the same weights, no prefix, old TensorFlow-era LayerNorm.gamma / LayerNorm.beta names
  bert_legacy.bin           bert_prefixed's dict in torch.save's legacy format (_use_new_zipfile_serialization=False)
  bert_unexpected_keys.bin  the BertModel keys plus a third layer's query weight the config has no place for
  not_state_dict.bin        a training checkpoint {"epoch": 3, "model": state_dict}: not a name -> tensor map
  expected.json             input ids, attention mask, token types, and the last hidden state and pooler output of
                            an explicit reference forward pass in float64 (embeddings + post-LN encoder with erf
                            GELU + tanh pooler, Hugging Face's BertModel in eval mode), plus each weight's sum
"""
import json
import math
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB, HIDDEN, LAYERS, HEADS, FFN, POSITIONS, TYPES, EPS = 30, 8, 2, 2, 16, 16, 2, 1e-12

CONFIG = {
    "architectures": ["BertModel"], "attention_probs_dropout_prob": 0.1, "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1, "hidden_size": HIDDEN, "initializer_range": 0.02, "intermediate_size": FFN,
    "layer_norm_eps": EPS, "max_position_embeddings": POSITIONS, "model_type": "bert",
    "num_attention_heads": HEADS, "num_hidden_layers": LAYERS, "pad_token_id": 0,
    "position_embedding_type": "absolute", "transformers_version": "4.46.3", "type_vocab_size": TYPES,
    "vocab_size": VOCAB,
}


def state_dict(layers):
    """BertModel's state-dict keys and shapes, exactly as transformers names them, with seeded random values."""
    g = torch.Generator().manual_seed(20240607)
    sd = {}

    def linear(name, out_features, in_features):
        sd[name + ".weight"] = torch.randn(out_features, in_features, generator=g) * 0.4
        sd[name + ".bias"] = torch.randn(out_features, generator=g) * 0.1

    def layer_norm(name):
        sd[name + ".weight"] = 1 + torch.randn(HIDDEN, generator=g) * 0.1
        sd[name + ".bias"] = torch.randn(HIDDEN, generator=g) * 0.1

    sd["embeddings.word_embeddings.weight"] = torch.randn(VOCAB, HIDDEN, generator=g)
    sd["embeddings.position_embeddings.weight"] = torch.randn(POSITIONS, HIDDEN, generator=g) * 0.5
    sd["embeddings.token_type_embeddings.weight"] = torch.randn(TYPES, HIDDEN, generator=g) * 0.5
    layer_norm("embeddings.LayerNorm")
    for i in range(layers):
        p = f"encoder.layer.{i}."
        linear(p + "attention.self.query", HIDDEN, HIDDEN)
        linear(p + "attention.self.key", HIDDEN, HIDDEN)
        linear(p + "attention.self.value", HIDDEN, HIDDEN)
        linear(p + "attention.output.dense", HIDDEN, HIDDEN)
        layer_norm(p + "attention.output.LayerNorm")
        linear(p + "intermediate.dense", FFN, HIDDEN)
        linear(p + "output.dense", HIDDEN, FFN)
        layer_norm(p + "output.LayerNorm")
    linear("pooler.dense", HIDDEN, HIDDEN)
    return sd


def reference_forward(sd, ids, mask, types):
    """Hugging Face BertModel.forward (eval mode, absolute positions, post-LayerNorm) in float64 plain torch ops."""
    w = {k: v.double() for k, v in sd.items()}

    def ln(x, name):
        mean = x.mean(-1, keepdim=True)
        var = ((x - mean) ** 2).mean(-1, keepdim=True)
        return (x - mean) / torch.sqrt(var + EPS) * w[name + ".weight"] + w[name + ".bias"]

    def dense(x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    def gelu(x):  # transformers' "gelu": the exact erf form
        return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))

    batch, length = ids.shape
    positions = torch.arange(length)
    h = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions][None] \
        + w["embeddings.token_type_embeddings.weight"][types]
    h = ln(h, "embeddings.LayerNorm")
    # extended attention mask: (1 - mask) * finfo(float32).min, broadcast over heads and query positions
    bias = (1.0 - mask.double())[:, None, None, :] * torch.finfo(torch.float32).min
    d = HIDDEN // HEADS

    def heads(x):
        return x.view(batch, length, HEADS, d).permute(0, 2, 1, 3)

    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        q, k, v = (heads(dense(h, p + "attention.self." + n)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        context = (torch.softmax(scores, dim=-1) @ v).permute(0, 2, 1, 3).reshape(batch, length, HIDDEN)
        attention = ln(dense(context, p + "attention.output.dense") + h, p + "attention.output.LayerNorm")
        h = ln(dense(gelu(dense(attention, p + "intermediate.dense")), p + "output.dense") + attention, p + "output.LayerNorm")
    pooled = torch.tanh(dense(h[:, 0], "pooler.dense"))
    return h, pooled


def renamed(sd, prefix="", gamma_beta=False):
    out = {}
    for k, v in sd.items():
        if gamma_beta and k.endswith("LayerNorm.weight"):
            k = k[: -len("weight")] + "gamma"
        elif gamma_beta and k.endswith("LayerNorm.bias"):
            k = k[: -len("bias")] + "beta"
        out[prefix + k] = v
    return out


def main():
    sd = state_dict(LAYERS)
    pretraining = renamed(sd, prefix="bert.")
    pretraining["bert.embeddings.position_ids"] = torch.arange(POSITIONS).unsqueeze(0)
    pretraining["cls.predictions.bias"] = torch.zeros(VOCAB)
    pretraining["cls.predictions.transform.dense.weight"] = torch.eye(HIDDEN)
    pretraining["cls.predictions.transform.dense.bias"] = torch.zeros(HIDDEN)
    pretraining["cls.predictions.transform.LayerNorm.gamma"] = torch.ones(HIDDEN)
    pretraining["cls.predictions.transform.LayerNorm.beta"] = torch.zeros(HIDDEN)
    pretraining["cls.seq_relationship.weight"] = torch.zeros(2, HIDDEN)
    pretraining["cls.seq_relationship.bias"] = torch.zeros(2)

    with open(os.path.join(HERE, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2, sort_keys=True)
        f.write("\n")
    torch.save(pretraining, os.path.join(HERE, "bert_prefixed.bin"))
    torch.save(renamed(sd, gamma_beta=True), os.path.join(HERE, "bert_gamma_beta.bin"))
    torch.save(pretraining, os.path.join(HERE, "bert_legacy.bin"), _use_new_zipfile_serialization=False)
    unexpected = dict(sd)
    unexpected["encoder.layer.2.attention.self.query.weight"] = torch.zeros(HIDDEN, HIDDEN)
    torch.save(unexpected, os.path.join(HERE, "bert_unexpected_keys.bin"))
    torch.save({"epoch": 3, "model": sd}, os.path.join(HERE, "not_state_dict.bin"))

    ids = torch.tensor([[2, 7, 19, 11, 3, 23, 3], [2, 14, 5, 3, 0, 0, 0]])
    mask = torch.tensor([[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0]])
    types = torch.tensor([[0, 0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0, 0, 0]])
    hidden, pooled = reference_forward(sd, ids, mask, types)
    expected = {
        "torch_version": torch.__version__,
        "input_ids": ids.tolist(), "attention_mask": mask.tolist(), "token_type_ids": types.tolist(),
        "last_hidden_state": hidden.tolist(), "pooler_output": pooled.tolist(),
        "weight_sums": {k: float(v.double().sum()) for k, v in sorted(sd.items())},
    }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        f.write("{\n" + ",\n".join(f" {json.dumps(k)}: {json.dumps(v)}" for k, v in expected.items()) + "\n}\n")


if __name__ == "__main__":
    main()
