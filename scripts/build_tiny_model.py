#!/usr/bin/python3
"""Writes a tiny random BERT-shaped model folder that transformers.js loads offline.

It lets the tests (and anyone without the real model) exercise the whole transformers.js path
(tokenizer, ONNX session, pooling) in a fraction of a second. The vectors carry no meaning:
they only differ from text to text.

Usage: /usr/bin/python3 scripts/build_tiny_model.py [out_dir]   (default models/tiny-bert)
Needs Debian's python3-onnx (the python3 on PATH may lack onnx).
"""

import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN = 32
SEED = 20240601

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

# Accent-free, lower-case pieces: the BertNormalizer below lowercases and strips accents first.
FRENCH_WORDS = """
le la les de des du un une et ou en au aux a dans par pour sur avec sans sous entre
est sont ete etre avoir fait faire plus moins tres bien tout tous toute toutes
contrat contrats ville villes quartier quartiers prioritaire prioritaires politique
habitant habitants commune communes agglomeration communaute territoire territoires
emploi insertion formation jeunes jeune enfants famille familles sante education
ecole ecoles college logement logements habitat renouvellement urbain cadre vie
mobilite transport transports securite prevention delinquance culture sport sports
egalite femmes hommes discrimination lutte pauvrete precarite social sociale sociaux
action actions objectif objectifs axe axes enjeu enjeux projet projets programme
partenaire partenaires etat prefecture departement region conseil caf bailleur
bailleurs association associations citoyen citoyens participation numerique
economie economique developpement commerce entreprise entreprises acces droits
service services public publics accompagnement dispositif dispositifs financement
signataire signataires convention pacte solidarite solidarites bassin minier
lens lievin henin carvin bethune bruay calais boulogne arras pas nord
annee annees date duree periode mise oeuvre suivi evaluation gouvernance pilotage
""".split()

SUFFIXES = """
##s ##e ##es ##er ##ez ##ent ##ant ##tion ##tions ##ment ##ments ##ite ##ites ##eur
##eurs ##ique ##iques ##al ##aux ##elle ##elles ##ien ##iens ##isme ##age ##ages
""".split()

CHARS = list("abcdefghijklmnopqrstuvwxyz0123456789") + list(".,;:!?'\"()-/%&+=")


def build_vocab():
    vocab = []
    seen = set()
    for token in SPECIAL + FRENCH_WORDS + SUFFIXES + CHARS + ["##" + c for c in CHARS]:
        if token not in seen:
            seen.add(token)
            vocab.append(token)
    return {token: i for i, token in enumerate(vocab)}


def tokenizer_json(vocab):
    ids = {name: vocab[name] for name in SPECIAL}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": ids[name],
                "content": name,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for name in SPECIAL
        ],
        "normalizer": {
            "type": "BertNormalizer",
            "clean_text": True,
            "handle_chinese_chars": True,
            "strip_accents": True,
            "lowercase": True,
        },
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 1}},
            ],
            "special_tokens": {
                name: {"id": name, "ids": [ids[name]], "tokens": [name]} for name in ["[CLS]", "[SEP]"]
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {
            "type": "WordPiece",
            "unk_token": "[UNK]",
            "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100,
            "vocab": vocab,
        },
    }


def onnx_model(vocab_size):
    rng = np.random.default_rng(SEED)
    word_emb = rng.normal(0, 1, (vocab_size, HIDDEN)).astype(np.float32)
    type_emb = rng.normal(0, 0.1, (2, HIDDEN)).astype(np.float32)
    proj = (rng.normal(0, 1, (HIDDEN, HIDDEN)) / np.sqrt(HIDDEN)).astype(np.float32)

    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT64, ["batch_size", "sequence_length"])
        for name in ["input_ids", "attention_mask", "token_type_ids"]
    ]
    output = helper.make_tensor_value_info(
        "last_hidden_state", TensorProto.FLOAT, ["batch_size", "sequence_length", HIDDEN]
    )
    initializers = [
        numpy_helper.from_array(word_emb, "word_embeddings"),
        numpy_helper.from_array(type_emb, "token_type_embeddings"),
        numpy_helper.from_array(proj, "projection"),
        numpy_helper.from_array(np.array([-1], dtype=np.int64), "last_axis"),
    ]
    # hidden = tanh((E[ids] + T[types]) @ W) * mask: padding positions come out as zeros.
    nodes = [
        helper.make_node("Gather", ["word_embeddings", "input_ids"], ["words"], axis=0),
        helper.make_node("Gather", ["token_type_embeddings", "token_type_ids"], ["types"], axis=0),
        helper.make_node("Add", ["words", "types"], ["summed"]),
        helper.make_node("MatMul", ["summed", "projection"], ["projected"]),
        helper.make_node("Tanh", ["projected"], ["activated"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "last_axis"], ["mask_3d"]),
        helper.make_node("Mul", ["activated", "mask_3d"], ["last_hidden_state"]),
    ]
    graph = helper.make_graph(nodes, "tiny-bert", inputs, [output], initializers)
    model = helper.make_model(
        graph, producer_name="alinea-tiny-bert", opset_imports=[helper.make_opsetid("", 13)]
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join("models", "tiny-bert")
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    vocab = build_vocab()

    config = {
        "model_type": "bert",
        "architectures": ["BertModel"],
        "hidden_size": HIDDEN,
        "num_hidden_layers": 1,
        "num_attention_heads": 1,
        "intermediate_size": HIDDEN,
        "vocab_size": len(vocab),
        "max_position_embeddings": 512,
        "type_vocab_size": 2,
        "pad_token_id": 0,
    }
    tokenizer_config = {
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": True,
        "strip_accents": True,
        "model_max_length": 512,
        "pad_token": "[PAD]",
        "unk_token": "[UNK]",
        "cls_token": "[CLS]",
        "sep_token": "[SEP]",
        "mask_token": "[MASK]",
    }
    special_tokens_map = {k: tokenizer_config[k] for k in ["pad_token", "unk_token", "cls_token", "sep_token", "mask_token"]}

    def write_json(name, data):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)

    write_json("config.json", config)
    write_json("tokenizer.json", tokenizer_json(vocab))
    write_json("tokenizer_config.json", tokenizer_config)
    write_json("special_tokens_map.json", special_tokens_map)
    onnx.save(onnx_model(len(vocab)), os.path.join(out_dir, "onnx", "model.onnx"))
    print(f"tiny model written to {out_dir} (vocab {len(vocab)}, dim {HIDDEN})")


if __name__ == "__main__":
    main()
