"""PyTorch's Adam on the networks and data of samples/NetworkScale (Debian's python3-torch 1.13, float64, one thread).

    dotnet run -c Release --project samples/NetworkScale -- --export /tmp/ns    # data.csv, start-<weights>.csv, start-loss.csv
    /usr/bin/python3 docs/reference/network_scale_adam.py /tmp/ns [--threads N]

For each width (2-H-1 tanh networks, H = 2, 25, 250: 9, 101, 1,001 weights, the sample's layout) it prints
- the loss at the exported seed-1 start (asserted equal to GenOpt's, start-loss.csv, to rounding: the same network and data);
- torch.optim.Adam (lr 0.01, betas (0.9, 0.999), eps 1e-8, the defaults of Kingma & Ba 2015 but the rate) from that start
  for the step counts of the sample's CI check, and the final loss, to compare with the documented GenOpt Adam losses
  (PyTorch adds eps to the bias-corrected sqrt(v); GenOpt's Adam uses the paper's eps-hat form, so the trajectories agree
  closely but not bit for bit);
- microseconds per forward pass (the loss, no graph), per forward + backward, and per Adam step (zero_grad, forward,
  backward, step): the fastest of 7 batches, after a warm-up batch;
- Adam (lr 0.01) from the same start again, until the loss of a step's forward pass is at or below the sample's target
  (0.12, 1e-3, 1e-3; the step count is GenOpt's "evaluations to the target": one gradient evaluation per step), with
  its wall time, for `NetworkScale --full DIR 1 "Adam, lr 0.01;L-BFGS-B" 1001` to compare with.
"""
import csv
import os
import sys
import time

import torch

torch.set_default_dtype(torch.float64)

# Steps of the sample's CI check (budget - 1 steps, then one more loss evaluation) and GenOpt's documented final loss
# of "Adam, lr 0.01" there (samples/NetworkScale/CiCheck.cs).
CHECK = {9: (19_999, 0.13683639925220542), 101: (1_999, 0.0002609439667295614), 1001: (299, 0.006282521368141876)}
# The sample's target loss and budget of each width (samples/NetworkScale/Program.cs).
TARGET = {9: (0.12, 20_000), 101: (1e-3, 20_000), 1001: (1e-3, 5_000)}


def read_columns(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows


def network(start, hidden):
    w = torch.tensor(start)
    layer = torch.nn.Linear(2, hidden)
    out = torch.nn.Linear(hidden, 1)
    with torch.no_grad():
        # GenOpt's layout: w[3j], w[3j+1] input weights of unit j, w[3j+2] its bias, w[3H+j] output weights, w[4H] output bias.
        layer.weight.copy_(torch.stack([w[0:3 * hidden:3], w[1:3 * hidden:3]], dim=1))
        layer.bias.copy_(w[2:3 * hidden:3])
        out.weight.copy_(w[3 * hidden:4 * hidden].unsqueeze(0))
        out.bias.copy_(w[4 * hidden:4 * hidden + 1])
    return torch.nn.Sequential(layer, torch.nn.Tanh(), out)


def fastest(batch, calls):
    batch()
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        batch()
        best = min(best, (time.perf_counter() - start) / calls * 1e6)
    return best


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else "."
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 1
    torch.set_num_threads(threads)
    rows = read_columns(os.path.join(directory, "data.csv"))[1:]
    x = torch.tensor([[float(r[0]), float(r[1])] for r in rows])
    y = torch.tensor([[float(r[2])] for r in rows])
    genopt_start = {int(r[0]): float(r[1]) for r in read_columns(os.path.join(directory, "start-loss.csv"))[1:]}
    print(f"torch {torch.__version__}, float64, {threads} thread(s), {len(rows)} samples")
    print(f"{'weights':>7} {'start loss':>22} {'steps':>6} {'final loss (torch)':>22} {'GenOpt Adam':>22} "
          f"{'forward':>10} {'fwd+bwd':>10} {'Adam step':>10} {'to the target':>24}")
    for hidden in (2, 25, 250):
        weights = 4 * hidden + 1
        start = [float(r[0]) for r in read_columns(os.path.join(directory, f"start-{weights}.csv"))]
        assert len(start) == weights, f"start-{weights}.csv has {len(start)} weights"
        net = network(start, hidden)
        loss_fn = torch.nn.MSELoss()
        with torch.no_grad():
            start_loss = loss_fn(net(x), y).item()
        # The same network and data: the loss at the start agrees with GenOpt's to rounding.
        assert abs(start_loss - genopt_start[weights]) <= 1e-12 * genopt_start[weights], (start_loss, genopt_start[weights])

        steps, genopt_loss = CHECK[weights]
        optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
        for _ in range(steps):
            optimizer.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            final_loss = loss_fn(net(x), y).item()

        calls = max(20, 2_000_000 // (100 * weights))

        def forward():
            with torch.no_grad():
                for _ in range(calls):
                    loss_fn(net(x), y)

        def forward_backward():
            for _ in range(calls):
                net.zero_grad()
                loss_fn(net(x), y).backward()

        def adam_steps():
            for _ in range(calls):
                optimizer.zero_grad()
                loss_fn(net(x), y).backward()
                optimizer.step()

        timings = (fastest(forward, calls), fastest(forward_backward, calls), fastest(adam_steps, calls))

        # Adam from the start until a step's loss reaches the target: steps (gradient evaluations) and seconds.
        target, budget = TARGET[weights]
        net = network(start, hidden)
        optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
        reached, began = None, time.perf_counter()
        for step in range(1, budget + 1):
            optimizer.zero_grad()
            loss = loss_fn(net(x), y)
            if loss.item() <= target:
                reached = (step, time.perf_counter() - began)
                break
            loss.backward()
            optimizer.step()
        to_target = f"{reached[0]:>6} in {reached[1] * 1e3:8.1f} ms" if reached else "not reached"

        print(f"{weights:>7} {start_loss:>22.17g} {steps:>6} {final_loss:>22.17g} {genopt_loss:>22.17g} "
              f"{timings[0]:>7.1f} us {timings[1]:>7.1f} us {timings[2]:>7.1f} us {to_target:>24}")


if __name__ == "__main__":
    main()
