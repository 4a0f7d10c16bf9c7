"""NumPy FFT MSD (all time origins), the same algorithm as Nitrolyte's MsdCalculator, on the same synthetic data
shape: Gaussian random walks (sigma 0.1 A per frame per direction), 100,000 frames x 200 ions by default.
MSD(m) = (S1(m) - 2 S2(m)) / (N - m), S2 = autocorrelation by rfft/irfft (zero-padded to a power of two >= 2N),
S1 from cumulative sums. Per ion (3 directions vectorised), power spectra summed before one inverse FFT per
direction, as Nitrolyte does. Prints the best of 3 runs and the peak RSS.
Usage: python3 bench/scripts/msd_fft_numpy.py [frames] [ions]"""
import resource, sys, time
import numpy as np

frames = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
ions = int(sys.argv[2]) if len(sys.argv) > 2 else 200
rng = np.random.default_rng(1)
x = np.cumsum(rng.normal(0.0, 0.1, size=(ions, 3, frames)), axis=2)
x[:, :, 0] = 0
x -= x[:, :, :1]


def msd_fft(x):
    ions, dims, n = x.shape
    size = 1 << int(np.ceil(np.log2(2 * n)))
    power = np.zeros((dims, size // 2 + 1))
    s1 = np.zeros((dims, n))
    for i in range(ions):
        xi = x[i]
        f = np.fft.rfft(xi, n=size, axis=1)
        power += f.real ** 2 + f.imag ** 2
        d = xi ** 2
        pre = np.concatenate([np.zeros((dims, 1)), np.cumsum(d, axis=1)], axis=1)
        tot = pre[:, -1:]
        m = np.arange(n)
        s1 += pre[:, n - m] + (tot - pre[:, m])
    s2 = np.fft.irfft(power, n=size, axis=1)[:, :n]
    msd = (s1 - 2 * s2) / (n - np.arange(n))[None, :] / ions
    return msd.sum(axis=0)


times, cpu = [], []
for _ in range(3):
    t0, c0 = time.perf_counter(), time.process_time()
    msd = msd_fft(x)
    times.append(time.perf_counter() - t0)
    cpu.append(time.process_time() - c0)
print(f"numpy {np.__version__}: {frames} frames x {ions} ions: best {min(times):.3f} s, runs {[round(t, 3) for t in times]}; CPU time best {min(cpu):.3f} s")
print(f"MSD(1000 frames) = {msd[1000]:.3f} A^2 (expected {3 * 0.01 * 1000:.3f})")
print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (positions {x.nbytes / 2**20:.0f} MiB)")
