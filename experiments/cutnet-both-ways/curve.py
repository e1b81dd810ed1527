import sys
from pathlib import Path
import numpy as np, torch
torch.set_num_threads(1)
from vedit_gui.analysis.cut_model import load_model
from vedit_gui.analysis.train.synth import SyntheticFootage
from vedit_gui.analysis.train.calibrate import synthetic_prf, model_outputs
from vedit_gui.analysis.train.stills import load_stills
model, _ = load_model(Path(sys.argv[1]))
gen = SyntheticFootage(load_stills(), seed=int(sys.argv[2]))
seqs = [gen.sequence(100) for _ in range(int(sys.argv[3]))]
outs = model_outputs(model, seqs)
for th in np.arange(0.1, 0.51, 0.05):
    p, r, f = synthetic_prf(seqs, outs, th)
    print(f"{th:.2f}  P {p:.3f} R {r:.3f} F1 {f:.4f}")
