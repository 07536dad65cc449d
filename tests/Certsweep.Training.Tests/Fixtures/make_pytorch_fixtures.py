"""Writes the PyTorch-made fixtures of PyTorchStateDictTests (run from this folder with PyTorch installed):

  python3 make_pytorch_fixtures.py

cnn_4layer_bn is our small CPU model; this is its PyTorch twin (same layers, same nn.Sequential numbering),
with random weights and BatchNorm statistics, after one Adam step. Files (the same weights in both layouts):
  cnn_4layer_bn.state_dict.pt   torch.save(model.state_dict())
  cnn_4layer_bn.reference.pt    the reference's checkpoint layout: state_dict, optimizer (after one Adam step), epoch, best
  cnn_4layer_bn.expected.pt     {"input": x, "logits": model.eval()(x)} for a fixed input
"""
import torch
import torch.nn as nn

torch.manual_seed(20211206)
channels, side, classes = 1, 4, 10
conv2_side = (side + 2 - 4) // 2 + 1
model = nn.Sequential(
    nn.Conv2d(channels, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
    nn.Conv2d(16, 32, 4, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
    nn.Flatten(),
    nn.Linear(conv2_side * conv2_side * 32, 100), nn.BatchNorm1d(100), nn.ReLU(),
    nn.Linear(100, classes),
)
with torch.no_grad():
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.weight.normal_(1, 0.3)
            m.bias.normal_(0, 0.2)
            m.running_mean.normal_(0, 0.3)
            m.running_var.uniform_(0.5, 2.0)
            m.num_batches_tracked.fill_(7)

x = torch.rand(5, channels, side, side)

optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
model.train()
nn.functional.cross_entropy(model(x), torch.arange(5)).backward()
optimizer.step()
model.eval()
with torch.no_grad():
    logits = model(x)
torch.save(model.state_dict(), "cnn_4layer_bn.state_dict.pt")
torch.save({"state_dict": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 3, "best": (0.5, 0.9, 2)},
           "cnn_4layer_bn.reference.pt")
torch.save({"input": x, "logits": logits}, "cnn_4layer_bn.expected.pt")
