"""Parse throughput of pymatgen's Xdatcar reader (for comparison with Nitrolyte's XdatcarReader).
Usage: python3 bench/scripts/xdatcar_parse_pymatgen.py [XDATCAR or XDATCAR.gz]"""
import gzip, sys, time
from pymatgen.io.vasp.outputs import Xdatcar
path = sys.argv[1] if len(sys.argv) > 1 else "../shared/testdata/aimd/kinisi/example_XDATCAR.gz"
size = len(gzip.open(path).read()) if path.endswith(".gz") else len(open(path, "rb").read())
best = 1e9
for _ in range(3):
    t0 = time.perf_counter()
    x = Xdatcar(path)
    best = min(best, time.perf_counter() - t0)
print(f"pymatgen Xdatcar: {len(x.structures)} frames, {size / 1e6:.2f} MB uncompressed, best {best:.3f} s = {size / 1e6 / best:.1f} MB/s")
