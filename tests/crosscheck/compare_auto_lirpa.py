"""Compares `certsweep eval --per-image` margin lower bounds with auto_LiRPA's on the same images and weights.

Development only (not part of the test suite). Needs PyTorch (Debian's python3-torch 1.13 works) and the
auto_LiRPA source on PYTHONPATH (its October 2023 release supports torch 1.11-2.0). See README.md beside this file.

Inputs: the PyTorch file written by `certsweep export`, the images and input box written by dump_test_images.cs,
and the CSV written by `certsweep eval --bound ibp,crown-ibp,crown --per-image` (index, label, prediction, then per
bound kind KIND_certified and KIND_margin, the worst margin lower bound). For every image and bound kind it prints
our worst margin lower bound, auto_LiRPA's, and their difference; then per kind the largest absolute difference,
auto_LiRPA's seconds, and whether both certify the same images.
"""
import argparse
import csv
import sys
import time

import torch
from torch import nn


def cnn_4layer_bn(in_ch, in_dim, classes):
    """certsweep's cnn_4layer_bn (src/Training/Models/CnnFourLayerBn.cs), with the same state_dict keys."""
    side = (in_dim + 2 - 4) // 2 + 1
    return nn.Sequential(
        nn.Conv2d(in_ch, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
        nn.Conv2d(16, 32, 4, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(side * side * 32, 100), nn.BatchNorm1d(100), nn.ReLU(),
        nn.Linear(100, classes))


MODELS = {"cnn_4layer_bn": cnn_4layer_bn}

# auto_LiRPA's method names for certsweep's bound kinds, in the order certsweep names them.
METHODS = {"ibp": "IBP", "crown-ibp": "CROWN-IBP", "crown": "CROWN"}


def specification(labels, classes):
    """C with one row z_y - z_j per j != y, rows in ascending j (as certsweep's margins)."""
    rows = []
    for y in labels.tolist():
        c = torch.zeros(classes - 1, classes)
        for r, j in enumerate(j for j in range(classes) if j != y):
            c[r, y] = 1.0
            c[r, j] = -1.0
        rows.append(c)
    return torch.stack(rows)


def read_ours(path):
    """The per-image CSV as a list of rows (dicts of column to string), and the bound kinds it holds."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    if not rows:
        sys.exit(f"error: {path} holds no images")
    kinds = [k for k in METHODS if f"{k}_margin" in rows[0]]
    if not kinds:
        sys.exit(f"error: {path} has no KIND_margin column for any of {', '.join(METHODS)}")
    return rows, kinds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", required=True, help="PyTorch state_dict from `certsweep export`")
    parser.add_argument("--model", default="cnn_4layer_bn", choices=sorted(MODELS))
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--images", required=True, help="file from dump_test_images.cs")
    parser.add_argument("--ours", required=True, help="CSV from `certsweep eval --per-image`")
    parser.add_argument("--batch", type=int, default=1,
                        help="images per auto_LiRPA call; above 1 its CROWN may differ from ours (README.md)")
    args = parser.parse_args()

    from auto_LiRPA import BoundedModule, BoundedTensor
    from auto_LiRPA.perturbations import PerturbationLpNorm

    data = torch.load(args.images)
    images, labels = data["images"].float(), data["labels"].long()
    lower, upper = data["lower"].float(), data["upper"].float()
    ours, kinds = read_ours(args.ours)
    if [int(o["index"]) for o in ours] != list(range(len(labels))) or [int(o["label"]) for o in ours] != labels.tolist():
        sys.exit("error: the per-image file and the images file do not hold the same images in the same order")

    model = MODELS[args.model](images.shape[1], images.shape[2], args.classes)
    model.load_state_dict(torch.load(args.weights))
    model.eval()
    bounded = BoundedModule(model, torch.zeros_like(images[:1]), device="cpu")
    c = specification(labels, args.classes)
    with torch.no_grad():
        predictions = model(images).argmax(1)

    theirs, seconds = {}, {}
    with torch.no_grad():
        for kind in kinds:
            parts = []
            start = time.perf_counter()
            for first in range(0, len(labels), args.batch):
                part = slice(first, first + args.batch)
                box = BoundedTensor(images[part], PerturbationLpNorm(norm=float("inf"), x_L=lower[part], x_U=upper[part]))
                bound, _ = bounded.compute_bounds(x=(box,), C=c[part], method=METHODS[kind], bound_upper=False)
                parts.append(bound.min(1).values)
            seconds[kind] = time.perf_counter() - start
            theirs[kind] = torch.cat(parts)

    print("image  label  " + "  ".join(f"{k + ' ours':>14} {k + ' auto_LiRPA':>18} {'diff':>9}" for k in kinds))
    for i, o in enumerate(ours):
        cells = []
        for kind in kinds:
            mine, other = float(o[f"{kind}_margin"]), theirs[kind][i].item()
            cells.append(f"{mine:14.6f} {other:18.6f} {mine - other:9.2e}")
        print(f"{i:5d}  {int(o['label']):5d}  " + "  ".join(cells))

    print()
    for kind in kinds:
        mine = torch.tensor([float(o[f"{kind}_margin"]) for o in ours])
        certified_ours = torch.tensor([o[f"{kind}_certified"] == "1" for o in ours])
        certified_theirs = (theirs[kind] >= 0) & predictions.eq(labels)
        scale = theirs[kind].abs().max().item()
        print(f"{kind}: max |ours - auto_LiRPA| = {(mine - theirs[kind]).abs().max().item():.3e} "
              f"(largest |bound| {scale:.3f}); certified ours {int(certified_ours.sum())}, "
              f"auto_LiRPA {int(certified_theirs.sum())}, same images: {bool((certified_ours == certified_theirs).all())}; "
              f"auto_LiRPA {seconds[kind]:.1f}s")
    if not predictions.eq(torch.tensor([int(o["prediction"]) for o in ours])).all():
        print("warning: the clean predictions differ")


if __name__ == "__main__":
    main()
